// 中文（简体）：参与者的面板（举手、人员、手机上的标签页）。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[hand]
title 申请发言
hint 线上和现场的举手在同一个队列中等待。主持人请你发言时，本页会提示你。
raise_mine 举手
lower_mine 放下手
how_room 轮到你发言时，请到会场麦克风处。
how_meeting 轮到你发言时，请在会议中发言（“{link}”可打开会议）。
ended 会议已结束：不能再举手。
place 你在队列中排第{position}
place_held 你在队列中排第{position}（重新连接期间为你保留位置）
place_kept 你在队列中排第{position}（离线期间为你保留了位置）
nobody 无人等待发言。
down 你已放下手。{status}
closed 发言队列暂时关闭。
what 用途
topic 主题（可选）
mine 你的请求：{kind}
mine_topic 你的请求：{kind} · {topic}
allowed 主持人允许你再发言一次：你可以再次举手。
[people]
title 人员
taking_part 参与人数
hubs 远程中心
hub_count {hubs}（共{count}人）
staff 另有{count}名工作人员（主持人和字幕员）在场，未计入上述人数。
you 你
when 时间
me {name} · {mode} · {group} · {region}
me_hub {name} · {mode} · {group} · {region} · 远程中心“{hub}”，共{count}人
[ask]
yours 你的问题
ask 提问
upvotable 其他人可以支持你的问题。
premoderated 问题经主持人审核后才会显示给其他人。
ended 会议已结束：提问已关闭。
unsent 尚未发送的问题
upvote 支持
upvoted 已支持
[where]
nav 收听、观看和发言
watch 观看和收听
speak 在会议中发言
[tabs]
label 参与
hand 举手
spoken ，{spoken}
new_messages {count}条新消息
new_questions {count}个新问题
hand_up 你已举手，排第{position}
`;

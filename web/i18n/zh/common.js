// 中文（简体）：每个视图都显示的内容（页头、协议代码、时间，以及所有角色共用的面板）。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[common]
ordinal.other 第{n}
skip 跳到主要内容
language 语言
dismiss 关闭
name {name}
you_name {name}（你）
speaker {name}（{mode}）
action_on {action}：{what}
clock {m}:{s}
online_room 线上
onsite 现场
remote 线上
group 利益攸关方群体
region 区域组
settings 显示设置
[connection]
connecting 正在连接…
open 已连接
reconnecting 连接中断。{wait}重新连接。你输入的内容会保留，恢复后发送。
[header]
doc_title {title} · hybridhub
ended 本场会议已结束
live_news 会议已开始。
ended_news 会议已结束。
presence {count}人参与：现场{onsite}人，线上{remote}人
announcement 公告：{text}
[role]
participant 你现在是本场会议的参与者。
captioner 你现在是本场会议的字幕员。
moderator 你现在是本场会议的主持人。
[group]
government 政府
private_sector 私营部门
civil_society 民间社会
technical_community 技术界
intergovernmental 政府间组织
academia 学术界
other 其他
unspecified 不愿透露
[region]
african 非洲国家组
asia_pacific 亚洲-太平洋国家组
eastern_european 东欧国家组
latin_american_caribbean 拉丁美洲和加勒比国家组
western_european_others 西欧和其他国家组
unspecified 不愿透露
[mode]
onsite 现场
remote 线上
[state]
scheduled 已安排
live 进行中
ended 已结束
[times]
span {day} {start}–{end}
span_hours {start}–{end}
span_days {day} {start} – {endDay} {end}
day_time {day} {time}
in_zone {span}（{zone}）
and_yours {here}（你的时间 {yours}）
yours_only 你的时间 {span}（{zone}）
at {time}
on_at {day} {time}
not_started 未开始：原定于{when}
starts {at}开始（{zone}）
starts_both {at}开始（{zone}；你的时间 {yours}）
starts_yours 你的时间{at}开始（{zone}）
[floor]
label 发言
time_left_label 剩余发言时间
left 剩余 {time}
time_up 时间到
your_time_up 你的发言时间已到。
end_turn 结束本次发言
done 我讲完了
open_meeting 打开会议
go_to_mic 请到会场麦克风处发言。
unmute 请在会议中打开麦克风：
unmute_said 请通过本页的“打开会议”链接，在会议中打开麦克风。{instructions}
over 会议已结束
nobody 目前无人发言
yours 轮到你发言
yours_said 轮到你发言。{todo}
has_floor {name}（{mode}）正在发言
turn_ended 发言已结束
waiting {count}人等待发言。
[kinds]
speak 发言
reply 回应发言人
question 提问
point_of_order 程序问题
with_priority {kind}（优先）
[captions]
title 字幕
language 字幕语言
lines 字幕行
scrollable 字幕，可滚动
jump 回到实时字幕
pause 暂停
resume 继续
new_lines {count}行新字幕
not_live 会议开始后显示字幕。
empty 字幕员开始输入后，字幕将显示在这里。
[chat]
badge.moderator 主持人
badge.captioner 字幕员
title 聊天
messages 聊天消息
input 聊天消息
unsent 尚未发送的消息
empty 还没有消息。
keys 按 Enter 发送，Shift+Enter 换行。
submit 发送
remove 删除
remove_confirm 再按一次删除
remove_label 删除{name}的消息：{text}
said 聊天，{name}：{text}
ended 会议已结束；聊天只读。
locked 聊天已锁定：只有主持人可以发言。
slow 慢速模式：每{count}秒一条消息。
[questions]
title 提问
by_votes 票数最多
newest 最新
sort 排序
closed 已回答和已驳回的问题
fold 已回答和已驳回（{count}）
none 还没有问题。
none_open 没有待回答的问题。
pending 等待主持人审核
approved 待回答
answering 正在回答
answered 已回答
dismissed 已驳回
meta {name}（{mode}）· {votes} · {status}
meta_mine 你（{mode}）· {votes} · {status}
votes {count}票
reason 原因：{reason}
no_reason 未说明
already_voted 你已经支持过这个问题。
[unsent]
waiting 尚未发送：恢复连接后将自动发送。
sending 正在发送…
failed 未发送：{reason}
slow_over 因慢速模式未发送。现在可以发送：重试。
retry 重试
discard 放弃
[links]
new_tab （在新标签页中打开）
[transcript]
title 文字记录：
text 文本
`;

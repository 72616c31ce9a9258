// 中文（简体）：主持人的面板（发言队列、在线人员、公平性、会议控制）。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[queue]
title 发言队列
empty 无人等待。
not_asked 未询问
add_title 添加现场发言人
name 姓名
add 加入队列
open 队列开放
settings 队列设置
lower_every 全部放下
grant 请其发言
up 上移
down 下移
lower_one 放下
entry 第{n}号
room_name 现场：{name}
raised {when}举手
held 已断开，保留位置
[pollpanel]
title 投票与举手表决
start 新建举手表决或投票
[modq]
premoderate 问题显示前需审核
approve 通过
answering 正在回答
answered 已回答
dismiss 驳回
reason 原因（可选）
reason_for 驳回原因：{what}
[roster]
title 在线人员
staff 工作人员
participants 参与者
none 没有在线参与者。
participant 参与者
captioner 字幕员
moderator 主持人
participant_role 参与者
captioner_role 字幕员
moderator_role 主持人
display 会场屏幕
display_name 会场屏幕
role_of {name}的角色
remove 移出
remove_confirm 再按一次移出{name}
remove_label 移出{name}
ban 禁止
ban_confirm 再按一次禁止{name}
ban_label 移出并禁止{name}
hub 远程中心，共{count}人
hub_unconfirmed 远程中心，自报{count}人，确认前按1人计
hub_confirm 确认{count}人
hub_confirm_label 确认{count}人：{name}
count {count}人在线：工作人员{staff}人，{participants}
participant_count 参与者{count}人
[equity]
title 公平性：现场与线上
caption 现场与线上对比
figure 指标
people 参与人数
hands 举手次数
turns 获得发言
minutes 发言分钟数
wait 等待时间中位数（秒）
waiting 仍在等待
asked 提问数
answered 已回答问题
updated 更新于 {time}
[controls]
title 会议控制
chat_open 对所有人开放
chat_slow 慢速模式
chat_locked 仅主持人
slow_seconds 慢速模式下两条消息的间隔（秒）
announcement 公告
pin 置顶
unpin 取消置顶
display 打开会场屏幕
display_hint （在本机上；其他电脑请向组织者索取屏幕链接）
report 下载公平性报告（CSV）
end 结束会议
end_confirm 再按一次为所有人结束会议
`;

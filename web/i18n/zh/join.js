// 中文（简体）：加入会议页面。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[join]
title 加入会议
doc_title 加入会议 · hybridhub
invite_moderator 此邀请链接使你成为本场会议的主持人。
invite_captioner 此邀请链接使你成为本场会议的字幕员。
invite_display 此邀请链接用于本场会议的会场屏幕。
load_failed 无法加载会议列表。请检查网络连接后重新加载。
shared 使用的是公用电脑？
shared_hint 此浏览器会记住你的姓名、选择和邀请链接。离开时请清除。
forget 在此设备上清除我的信息
forgotten 已清除。重新加载页面即可重新开始。
live_now 正在进行
later 稍后
session 会议
no_sessions 还没有会议。
name 你的姓名
name_hint 其他人会在聊天和发言队列中看到。
how 你如何参与？
onsite_hint 你在会场。
remote 线上，个人参与
remote_hint 在任何地方用自己的设备参与。
hub 线上，作为远程中心
hub_hint 一个屏幕供一组人共同使用。
hub_name 中心名称
hub_example 例如：内罗毕远程中心
headcount 与你一起的人数
choose_group 请选择群体…
group_hint 必填。计入参与情况统计。主持人会在举手旁看到，以平衡发言机会；其他参与者看不到。选择“{unspecified}”也可以。
region_hint 你所在国家所属的联合国区域组。
join 加入
need_session 请选择会议。
need_name 请输入姓名。
need_group 请选择利益攸关方群体，或“{unspecified}”。
need_hub 请填写中心名称和人数（{min}至{max}）。
`;

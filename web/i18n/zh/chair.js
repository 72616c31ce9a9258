// 中文（简体）：主持人在首个界面之外才需要的内容（在第一次举手或第一个投票时，打开队列设置或投票时，有人发言后，或会议尚未开始时加载）：队列设置和标记、投票管理、发言时间的平衡，以及会议未开始的提示。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[chair]
order 顺序
alternate 现场与线上轮流
fifo 先到先发言
least_spoken 发言最少者优先
replies 回应紧随当前发言之后
limit 发言时间
no_limit 不限时
minutes {count}分钟
max_turns 每人发言次数
turns {count}次
allow_hint 因发言次数上限被拒绝的人可以再获得一次发言机会。
allow_who 参会者
choose 请选择…
allow 允许再发言一次
allowed {name}可以再发言一次。
first 首次发言
spoken 已发言{count}次（{time}）
kind_of 请求类型：{name}
refuse 拒绝优先
new 新建举手表决或投票
kind 类型
title 标题或问题
options 选项（2至10个）
option 选项{n}
add_option 添加选项
remove_option 删除
remove_option_n 删除选项{n}
choices 每人可选数量
single 一项
up_to 最多{n}项
anonymous 匿名：任何人（包括主持人）都看不到谁选了什么
results 结果
live 随回答实时显示
held 保留到我公布为止
open_hands 开始举手表决
open_poll 开始投票
need_title 请填写标题或问题。
need_options 请至少填写两个不同的选项。
current 进行中：{kind}
no_tally 计数稍后显示。
voters 谁选了什么
no_voters 还没有人回答。
count_title 现场计数的举手
count_hint 针对现场没有设备的人。单独显示，绝不计入已统计的回答。
count_save 保存计数
close 关闭
publish 公布结果
past 本场会议中较早的
none 本场会议还没有举手表决或投票。
anonymous_short 匿名
named_short 记名
live_short 实时显示结果
held_short 结果暂不公布
published_short 结果已公布
closed_at {time}关闭
[balance]
title 平衡：发言时间与出席人数
gini 利益相关方群体之间的平衡：{g}（0：各群体按人数比例发言；接近 1：一个群体占用了全部时间）
gini_none 利益相关方群体之间的平衡：暂无（尚无人发言，或在场群体少于两个）
ratio_hint 发言时间占比除以人数占比：1 为相称，低于 1 为偏少，高于 1 为偏多。
ratio {group} {ratio}
by_mode 按参与方式：{list}
by_group 按利益相关方群体：{list}
by_region 按区域组：{list}
[notlive]
label 会议未开始
title 本场会议尚未开始。
until 在此之前，聊天、提问和举手均可使用；会议开始后显示字幕。
start 立即开始
start_confirm 再按一次为所有人开始会议
passed 原定时间已过，会议不会自动开始。
auto 将于{at}自动开始（{zone}）。
auto_both 将于{at}自动开始（{zone}；你的时间 {yours}）。
auto_yours 将于你的时间{at}自动开始（{zone}）。
`;

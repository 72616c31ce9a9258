// 中文（简体）：举手表决和投票，供所有看到的人使用（随第一个投票加载；会场屏幕在启动时加载）。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[polls]
show_of_hands 举手表决
poll 投票
raise_hand 举手
do_not_raise_hand 不举手
open 进行中
closed 已关闭
final 最终结果
in_room 现场{count}
online 线上{count}
in_hubs 远程中心{count}
not_answered 在场但未回答
chair 主持人在现场的计数：{count}
summary 在场{present}人中{answered}人已回答
breakdown 按利益相关方群体和区域组
by_group 利益相关方群体
by_region 区域组
held_back 主持人公布后将显示结果。
choose_one 选择一项。
choose_up_to 最多选择{n}项。
choose_first 请先选择一个答案。
send 提交我的答案
change 修改我的答案
yours_open 你的答案：{answer}。投票进行期间可以修改。
yours 你的答案：{answer}。
hub_ask 你们{count}人中，选择每个答案的各有多少人？合计最多{count}。
hub_ask_each 你们{count}人中，选择每个答案的各有多少人？每项最多{count}。
hub_sum 各项合计超过了中心的人数{count}。
hub_each 有一项超过了中心的人数{count}。
hub_whole 请输入0或以上的整数。
hub_send 提交中心的计数
count_of {answer}：{count}
hub_sent 已提交：{counts}。投票进行期间可以修改。
opened_news {kind}开始：{title}
closed_news {kind}已关闭：{title}
published_news 结果已公布：{title}
answer_here 请在手机或电脑上的本场会议页面作答。
answer_held 请在手机或电脑上的本场会议页面作答。主持人公布后将显示结果。
`;

// 中文（简体）：会场屏幕，用于投影。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[display]
doc_title {title} · 会场屏幕
questions 参与者的提问
speaking 正在发言：{name}（{mode}）
open 发言开放
nobody 无人等待发言
next 下一位：{first}
next_more 下一位：{first}（{count}人等待）
next_two 下一位：{first}，然后是{second}
next_two_more 下一位：{first}，然后是{second}（{count}人等待）
votes_answering {votes} · 正在回答
reconnecting 正在重新连接…
`;

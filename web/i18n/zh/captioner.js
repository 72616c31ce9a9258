// 中文（简体）：字幕员的面板。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[captioner]
title 输入字幕
track 你输入的字幕轨道
line 字幕行
help 输入内容实时显示。按 Enter 结束本行，按 Escape 撤回。
unsent 已完成但尚未发送的行
preview 参与者看到的内容
speakers 发言者
speakers_hint 每一行归属于该行开始时拥有发言权的人。发言者有误时请更正。
no_lines 尚无已完成的行。
now 现在开始的行归属于 {who}。
now_chair 目前无人发言：现在开始的行归属于主席 {name}。
now_nobody 目前无人发言：现在开始的行不注明发言者。
chair_named {name}（主席）
unknown 发言者未知
change 更改发言者
change_of 更改发言者：{text}
said_by 发言者
someone_else 其他人…
name 姓名
mode 参与方式
mode_unsaid 未说明
need_name 请填写发言者姓名。
save 保存
cancel 取消
`;

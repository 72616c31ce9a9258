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
`;

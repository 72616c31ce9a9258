// 中文（简体）：显示设置。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[prefs]
theme 主题
light 浅色
dark 深色
contrast 高对比度
size 字幕大小
normal 正常
large 大
larger 较大
largest 最大
spacing 字幕行距
tight 紧凑
wide 宽松
wider 更宽松
rows 显示的字幕行数
rows_all 全部
position 仅字幕模式：位置
bottom 底部
top 顶部
captions_only 仅显示字幕
`;

// Русский: настройки отображения.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[prefs]
theme Тема
light Светлая
dark Тёмная
contrast Высокая контрастность
size Размер субтитров
normal Обычный
large Крупный
larger Крупнее
largest Самый крупный
spacing Межстрочный интервал субтитров
tight Плотный
wide Широкий
wider Очень широкий
rows Видимых строк субтитров
rows_all Все
position Только субтитры: расположение
bottom Внизу
top Вверху
captions_only Только субтитры
`;

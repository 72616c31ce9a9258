// Русский: панель субтитровщика.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[captioner]
title Писать субтитры
track Дорожка, которую вы пишете
line Строка субтитров
help Набранное видно сразу. Enter завершает строку. Escape отменяет её.
unsent Завершённые строки, ещё не отправленные
preview Что видят участники
`;

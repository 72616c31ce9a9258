// Русский: то, что нужно только модератору сверх первого экрана (загружается с первой поднятой рукой или первым опросом, или при открытии настроек очереди или опросов): настройки и отметки очереди, ведение опросов.
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[chair]
order Порядок
alternate Чередовать зал и онлайн
fifo В порядке очереди
least_spoken Сначала те, кто выступал меньше
replies Ответы идут сразу после текущего выступления
limit Время выступления
no_limit Без ограничения
minutes.one {count} минута
minutes.few {count} минуты
minutes.many {count} минут
minutes.other {count} минуты
max_turns Выступлений на человека
turns.one {count} выступление
turns.few {count} выступления
turns.many {count} выступлений
turns.other {count} выступления
allow_hint Тому, кому отказано из-за лимита выступлений, можно разрешить ещё одно.
allow_who Участник
choose Выберите…
allow Разрешить ещё одно выступление
allowed {name} может выступить ещё раз.
first Первое выступление
spoken.one выступлений: {count} ({time})
spoken.few выступлений: {count} ({time})
spoken.many выступлений: {count} ({time})
spoken.other выступлений: {count} ({time})
kind_of Тип заявки: {name}
refuse Отказать в приоритете
new Новое голосование или опрос
kind Вид
title Заголовок или вопрос
options Варианты (от 2 до 10)
option Вариант {n}
add_option Добавить вариант
remove_option Убрать
remove_option_n Убрать вариант {n}
choices Ответов на человека
single Один
up_to До {n}
anonymous Анонимно: никто, включая модераторов, не видит, кто что выбрал
results Результаты
live Показываются сразу, по мере ответов
held Скрыты, пока я их не опубликую
open_hands Открыть голосование поднятием рук
open_poll Открыть опрос
need_title Укажите заголовок или вопрос.
need_options Заполните не меньше двух разных вариантов.
current Сейчас открыто: {kind}
no_tally Подсчёт появится через мгновение.
voters Кто что выбрал
no_voters Пока никто не ответил.
count_title Руки, подсчитанные в зале
count_hint Для тех, кто в зале без устройства. Показывается отдельно и не прибавляется к подсчитанным ответам.
count_save Сохранить подсчёт
close Закрыть
publish Опубликовать результаты
past Ранее в этой сессии
none В этой сессии ещё не было голосований и опросов.
anonymous_short Анонимно
named_short Поимённо
live_short результаты сразу
held_short результаты скрыты
published_short результаты опубликованы
closed_at закрыто в {time}
`;

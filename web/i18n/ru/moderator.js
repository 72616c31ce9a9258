// Русский: панели модератора (очередь, люди в сети, равенство, управление сессией).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[queue]
title Очередь выступающих
empty Никто не ждёт.
not_asked Не спрашивали
add_title Добавить выступающего в зале
name Имя
add Добавить в очередь
open Очередь открыта
settings Настройки очереди
lower_every Опустить все руки
grant Дать слово
up Выше
down Ниже
lower_one Опустить
entry Запись {n}
room_name Зал: {name}
raised рука поднята {when}
held отключился, место сохраняется
[pollpanel]
title Опросы и голосования
start Новое голосование или опрос
[modq]
premoderate Одобрять вопросы до их показа
approve Одобрить
answering Отвечаем сейчас
answered Отвечен
dismiss Отклонить
reason Причина (необязательно)
reason_for Причина отклонения: {what}
[roster]
title Люди в сети
staff Сотрудники
participants Участники
none Участников в сети нет.
participant Участник
captioner Субтитровщик
moderator Модератор
participant_role участник
captioner_role субтитровщик
moderator_role модератор
display экран в зале
display_name Экран в зале
role_of Роль: {name}
remove Удалить
remove_confirm Нажмите ещё раз, чтобы удалить: {name}
remove_label Удалить: {name}
ban Заблокировать
ban_confirm Нажмите ещё раз, чтобы заблокировать: {name}
ban_label Удалить и заблокировать: {name}
hub хаб, человек: {count}
hub_unconfirmed хаб, заявлено человек: {count}; считается за 1 до подтверждения
hub_confirm Подтвердить {count}
hub_confirm_label Подтвердить {count}: {name}
count В сети {count}: сотрудников {staff}, {participants}
participant_count.one {count} участник
participant_count.few {count} участника
participant_count.many {count} участников
participant_count.other {count} участника
[equity]
title Равенство: зал и онлайн
caption Сравнение зала и онлайн
figure Показатель
people Участвуют
hands Поднято рук
turns Получили слово
minutes Минут выступлений
wait Медианное ожидание (с)
waiting Ещё ждут
asked Задано вопросов
answered Отвечено вопросов
updated Обновлено в {time}
[controls]
title Управление сессией
chat_open Открыт для всех
chat_slow Медленный режим
chat_locked Только модераторы
slow_seconds Секунд между сообщениями в медленном режиме
announcement Объявление
pin Закрепить
unpin Открепить
display Открыть экран для зала
display_hint (на этом компьютере; для другого попросите у организатора ссылку для экрана)
report Скачать отчёт о равенстве (CSV)
end Завершить сессию
end_confirm Нажмите ещё раз, чтобы завершить сессию для всех
`;

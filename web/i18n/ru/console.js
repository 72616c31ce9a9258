// Русский: консоль организаторов (/admin).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[console]
doc_title Консоль организаторов · hybridhub
title Консоль организаторов
sign_in_intro Войдите с токеном администратора, который сервер вывел при первом запуске (или HYBRIDHUB_ADMIN_TOKEN). Браузер хранит вход 12 часов, а не сам токен.
token Токен администратора
sign_in Войти
signing_in Вход…
sign_out Выйти
signed_out Вы вышли.
live_heading Сессии сейчас
live_waiting Ожидание прямой трансляции данных…
live_lost Поток данных прервался. Переподключение…
silent_alert Субтитры молчат больше минуты: {list}
silent_item {title} ({lang})
col_session Сессия
col_state Состояние
col_room Зал
col_in_room В зале
col_online Онлайн
col_hubs Хабы
col_hands Руки
col_questions Вопросы
col_floor Слово
col_captions Субтитры
col_actions Действия
hub_item {name}: {count}
nobody_floor —
track_writing {lang}: пишется
track_ago {lang}: {seconds} с назад
track_none {lang}: строк ещё нет
track_silent {lang}: молчит {seconds} с
track_silent_never {lang}: молчит
captioners.one {count} стенографист подключён
captioners.few {count} стенографиста подключены
captioners.many {count} стенографистов подключены
captioners.other {count} стенографиста подключены
no_captioner Стенографист не подключён
manage Управлять
manage_label Управлять: {title}
table_scroll Сессии, прокрутка
no_sessions Сессий пока нет. Создайте сессию ниже.
new_heading Новая сессия
field_id Идентификатор (латинские буквы, цифры и дефисы, для ссылок)
field_title Название
field_room Зал
field_starts Начало
field_ends Конец
field_languages Языки субтитров
languages_hint Коды языков через запятую, первым язык зала: ru, en, fr
field_state Создать как
create Создать сессию
created Сессия {title} создана.
edit_heading Сессия: {title}
save Сохранить
saved Сохранено.
make_live Начать трансляцию
end Завершить сессию
confirm_end Завершить {title}? Это нельзя отменить.
close Закрыть
invites_heading Приглашения
invite_role Роль
role_moderator Модератор
role_captioner Стенографист
role_display Экран в зале
invite_label Метка (для вас, например «команда CART A»)
mint Создать приглашение
minted Приглашение создано. Скопируйте ссылку и отправьте её человеку.
col_label Метка
col_role Роль
col_expires Истекает
col_last_used Последнее использование
col_status Статус
never Никогда
active Действует
revoked Отозвано
copy Копировать ссылку
copied Ссылка скопирована.
qr Показать QR-код
hide_qr Скрыть QR-код
qr_alt QR-код ссылки для {label}
revoke Отозвать
confirm_revoke Отозвать это приглашение? Его владелец сразу потеряет роль.
revoked_done Приглашение отозвано.
no_invites Приглашений пока нет.
onsite_heading Присоединиться с телефона
onsite_hint Покажите это на экране в зале: откроется страница входа с выбранным «в зале».
onsite_alt QR-код ссылки для зала {title}
figures_heading Показатели мероприятия
figures_refresh Обновить
csv Скачать показатели (CSV)
figures_total.one {count} человек участвовал (каждый учтён один раз)
figures_total.few {count} человека участвовали (каждый учтён один раз)
figures_total.many {count} человек участвовали (каждый учтён один раз)
figures_total.other {count} человека участвовали (каждый учтён один раз)
chart_mode По формату участия
chart_group По группам заинтересованных сторон
chart_region По региональным группам ООН
mode_hub Удалённый хаб
col_figure Категория
col_people Люди
sessions_table По сессиям
col_peak Пик
col_unique Уникальные
col_turns Выступления
col_asked Задано вопросов
col_answered Отвечено вопросов
hubs_table Хабы
col_headcount Численность
col_sessions Сессии
import_heading Импорт программы
import_file Файл программы
import_hint Файл .json, .ics (iCalendar) или .csv. Каждая строка показывается до того, как что-либо создаётся; импортируются только правильные строки, все вместе.
import_preview Предпросмотр
import_unknown_type Выберите файл .json, .ics или .csv.
import_summary Строк: {rows}. Можно импортировать: {good}. Отклонено: {bad}.
import_none Из этого файла ничего нельзя импортировать.
import_caption Предпросмотр {file}
import_scroll Предпросмотр программы, прокручивается
col_row Строка
col_id Идентификатор
col_title Название
col_starts Когда
col_result Результат
import_ok Будет создана
import_refused Отклонена: {reason}
import_confirm Импортировать правильные строки ({count})
import_cancel Отмена
imported Импортировано сессий: {count}.
delete Удалить сессию
confirm_delete Удалить {title}? Она ни разу не была в эфире, поэтому исчезнет вместе с приглашениями, как будто её не создавали.
deleted Сессия {title} удалена.
`;

// Русский: панели участника (рука, люди, вкладки на телефоне).
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[hand]
title Попросить слово
hint Руки онлайн и в зале ждут в одной очереди. Когда модератор предоставит вам слово, эта страница сообщит об этом.
raise_mine Поднять руку
lower_mine Опустить руку
how_room Когда вам дадут слово, подойдите к микрофону в зале.
how_meeting Когда вам дадут слово, вы выступаете в конференции (её открывает «{link}»).
ended Сессия завершена: поднять руку больше нельзя.
place Вы {position} в очереди
place_held Вы {position} в очереди (ваше место сохраняется, пока вы переподключаетесь)
place_kept Вы {position} в очереди (ваше место сохранилось, пока вы были не в сети)
nobody Никто не ждёт слова.
down Ваша рука опущена. {status}
closed Очередь пока закрыта.
what Цель
topic Тема (необязательно)
mine Ваша заявка: {kind}
mine_topic Ваша заявка: {kind} · {topic}
allowed Модератор разрешил вам ещё одно выступление: можно снова поднять руку.
[people]
title Люди
taking_part Участвуют
hubs Удалённые хабы
hub_count.one {hubs} ({count} человек)
hub_count.few {hubs} ({count} человека)
hub_count.many {hubs} ({count} человек)
hub_count.other {hubs} ({count} человека)
staff.one Здесь также {count} сотрудник (модератор или субтитровщик), не учтённый выше.
staff.few Здесь также {count} сотрудника (модераторы и субтитровщики), не учтённые выше.
staff.many Здесь также {count} сотрудников (модераторы и субтитровщики), не учтённых выше.
staff.other Здесь также {count} сотрудника (модераторы и субтитровщики), не учтённые выше.
you Вы
when Когда
me {name} · {mode} · {group} · {region}
me_hub {name} · {mode} · {group} · {region} · удалённый хаб «{hub}», человек: {count}
[ask]
yours Ваш вопрос
ask Спросить
upvotable Другие могут поддержать ваш вопрос.
premoderated Модератор одобряет вопросы, прежде чем их увидят другие.
ended Сессия завершена: вопросы закрыты.
unsent Неотправленные вопросы
upvote Поддержать
upvoted Поддержано
[where]
nav Слушать, смотреть и выступать
watch Смотреть и слушать
speak Выступить в конференции
[tabs]
label Участие
hand Рука
spoken , {spoken}
new_messages.one {count} новое сообщение
new_messages.few {count} новых сообщения
new_messages.many {count} новых сообщений
new_messages.other {count} нового сообщения
new_questions.one {count} новый вопрос
new_questions.few {count} новых вопроса
new_questions.many {count} новых вопросов
new_questions.other {count} нового вопроса
hand_up ваша рука поднята, вы {position} в очереди
`;

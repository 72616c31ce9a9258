// 中文：组织者控制台（/admin）。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[console]
doc_title 组织者控制台 · hybridhub
title 组织者控制台
sign_in_intro 请使用服务器首次启动时显示的管理令牌（或 HYBRIDHUB_ADMIN_TOKEN）登录。浏览器保存 12 小时的登录状态，而不是令牌。
token 管理令牌
sign_in 登录
signing_in 正在登录…
sign_out 退出登录
signed_out 您已退出登录。
live_heading 当前会议
live_waiting 正在等待实时数据…
live_lost 实时数据中断。正在重新连接…
silent_alert 字幕已超过一分钟无内容：{list}
silent_item {title}（{lang}）
col_session 会议
col_state 状态
col_room 会场
col_in_room 现场
col_online 在线
col_hubs 远程中心
col_hands 举手
col_questions 提问
col_floor 发言人
col_captions 字幕
col_actions 操作
hub_item {name}：{count}
nobody_floor —
track_writing {lang}：正在输入
track_ago {lang}：{seconds} 秒前
track_none {lang}：尚无字幕
track_silent {lang}：已静默 {seconds} 秒
track_silent_never {lang}：静默
captioners.other 已连接 {count} 名字幕员
no_captioner 没有字幕员连接
manage 管理
manage_label 管理 {title}
table_scroll 会议列表，可滚动
no_sessions 还没有会议。请在下方创建。
new_heading 新建会议
field_id 标识（字母、数字和连字符，用于链接）
field_title 标题
field_room 会场
field_starts 开始
field_ends 结束
field_languages 字幕语言
languages_hint 用逗号分隔的语言代码，会场语言在前：zh, en, fr
field_state 创建为
create 创建会议
created 会议 {title} 已创建。
edit_heading 会议：{title}
save 保存修改
saved 已保存。
make_live 开始直播
end 结束会议
confirm_end 结束 {title}？此操作无法撤销。
close 关闭
invites_heading 邀请
invite_role 角色
role_moderator 主持人
role_captioner 字幕员
role_display 会场显示屏
invite_label 标签（供您识别，例如 CART 团队 A）
mint 创建邀请
minted 邀请已创建。请复制链接并发送给对方。
col_label 标签
col_role 角色
col_expires 到期
col_last_used 上次使用
col_status 状态
never 从未
active 有效
revoked 已撤销
copy 复制链接
copied 链接已复制。
qr 显示二维码
hide_qr 隐藏二维码
qr_alt {label} 链接的二维码
revoke 撤销
confirm_revoke 撤销此邀请？持有者将立即失去该角色。
revoked_done 邀请已撤销。
no_invites 还没有邀请。
onsite_heading 用手机加入
onsite_hint 将此显示在会场屏幕上：它会打开已选择“在现场”的加入页面。
onsite_alt {title} 现场链接的二维码
figures_heading 活动数据
figures_refresh 刷新
csv 下载数据（CSV）
figures_total.other {count} 人参加（每人只计一次）
chart_mode 按参与方式
chart_group 按利益相关方群体
chart_region 按联合国区域组
mode_hub 远程中心
col_figure 类别
col_people 人数
sessions_table 按会议
col_peak 峰值
col_unique 独立人数
col_turns 发言次数
col_asked 提出的问题
col_answered 已回答的问题
hubs_table 远程中心
col_headcount 人数
col_sessions 会议数
import_heading 导入日程
import_file 日程文件
import_hint .json、.ics（iCalendar）或 .csv 文件。创建任何内容之前，您会先看到每一行；只有正确的行会被一起导入。
import_preview 预览
import_unknown_type 请选择 .json、.ics 或 .csv 文件。
import_summary 行数：{rows}。可导入：{good}。被拒绝：{bad}。
import_none 此文件中没有可导入的内容。
import_caption {file} 的预览
import_scroll 日程预览，可滚动
col_row 行
col_id 标识
col_title 标题
col_starts 时间
col_result 结果
import_ok 将被创建
import_refused 被拒绝：{reason}
import_confirm 导入正确的行（{count}）
import_cancel 取消
imported 已导入会议：{count}。
delete 删除会议
confirm_delete 删除 {title}？它从未直播过，因此将连同其邀请一起删除，如同从未创建。
deleted 会议 {title} 已删除。
`;

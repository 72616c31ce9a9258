// 中文（简体）：错误和断开连接的原因（首次需要时加载）。
export const review = 'machine-drafted; needs review by a native speaker';
export default `
[error]
bad_json 服务器无法读取本页发出的消息。请重新加载页面。
binary_frame 服务器无法读取本页发出的消息。请重新加载页面。
unknown_type 服务器不认识该命令。请重新加载页面。
invalid_field 服务器不接受其中的某个值。请检查后重试。
too_large 文字太长。
not_joined 你尚未加入：请稍候再试。
already_joined 你已经加入本场会议。
forbidden 你无权执行此操作。
session_ended 会议已结束。
session_not_live 会议尚未开始。
queue_closed 发言队列暂时关闭。
already_in_queue 你已经举手。
already_voted 你已经支持过这个问题。
chat_locked 主持人已锁定聊天。
slow_mode 已开启慢速模式：请稍候再发言。
slow_mode_wait 已开启慢速模式：{wait}可以再次发言。
banned 主持人已将你移出本场会议。
invalid_token 邀请链接无效：可能已过期，或属于其他会议。
not_found 该内容已不存在。
rate_limited 操作太快：请稍候再试。
capacity 已满：发言队列、会议或服务器已满。
poll_closed 该投票已关闭：结果为最终结果。
turn_limit 你在本场会议的发言次数已用完。主持人可以再允许你发言一次。
unavailable 会议暂时不可用。请稍后再试。
storage_full 服务器存储已满：在组织者释放空间之前无法保存新内容。之前已确认的内容是安全的。
internal 服务器出错，操作未完成。
conflict 此操作已完成，或该项已存在。
offline 你已离线。
report_download 无法下载报告。
[closed]
removed 主持人已将你移出本场会议。
banned 主持人已将你移出本场会议；你不能再次加入。
reason 已断开：{reason}
invite_failed 你的邀请链接无效。你已作为参与者加入。
display_link 会场屏幕链接无效。请向组织者索取新链接。
invite_revoked 组织者已撤销您的邀请链接。您现在是参与者。
display_revoked 组织者已撤销此显示屏的链接。请向组织者索取新链接。
`;

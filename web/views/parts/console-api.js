// The console's requests: same-origin fetches that carry the sign-in
// cookie; a refusal becomes an ApiError with the server's own message.
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// A body is sent as JSON, or a file (a Blob) as it is, with the content type given.
export async function api(method, path, body, contentType = 'application/json') {
  const options = { method, headers: {}, credentials: 'same-origin' };
  if (body !== undefined) {
    options.headers['content-type'] = contentType;
    options.body = body instanceof Blob ? body : JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const text = await response.text();
  const data = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!response.ok) throw new ApiError(response.status, data?.error?.code, data?.error?.message || `HTTP ${response.status}`);
  return data;
}

// The console's column headings, by column.
export const COLUMN = {
  session: 'console.col_session',
  state: 'console.col_state',
  room: 'console.col_room',
  in_room: 'console.col_in_room',
  online: 'console.col_online',
  hubs: 'console.col_hubs',
  hands: 'console.col_hands',
  questions: 'console.col_questions',
  floor: 'console.col_floor',
  captions: 'console.col_captions',
  actions: 'console.col_actions',
  label: 'console.col_label',
  role: 'console.col_role',
  expires: 'console.col_expires',
  last_used: 'console.col_last_used',
  status: 'console.col_status',
  peak: 'console.col_peak',
  unique: 'console.col_unique',
  turns: 'console.col_turns',
  asked: 'console.col_asked',
  answered: 'console.col_answered',
  headcount: 'console.col_headcount',
  sessions: 'console.col_sessions',
  figure: 'console.col_figure',
  people: 'console.col_people',
  row: 'console.col_row',
  id: 'console.col_id',
  title: 'console.col_title',
  starts: 'console.col_starts',
  result: 'console.col_result',
};

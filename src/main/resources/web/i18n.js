// English and Chinese UI strings. The language defaults to the browser's (navigator.languages),
// can be switched, and the choice lives in sessionStorage with the rest of the tab's state.
// Times are shown in the user's own time zone (the browser's), via Intl.

const STRINGS = {
  en: {
    'app.desk': 'Switchboard desk', 'app.board': 'Switchboard board',
    'signin.title': 'Sign in', 'signin.token': 'Access token', 'signin.submit': 'Sign in',
    'signin.help': 'Paste the token your administrator gave you (mint-token), or open your one-time sign-in link.',
    'signin.exchanging': 'Signing in with your link…', 'signin.out': 'Sign out',
    'signin.expired': 'Your session has expired or was not accepted. Please sign in again.',
    'signin.badLink': 'This sign-in link is not valid any more (it works once, for 5 minutes). Ask for a new one or paste a token.',
    'signin.wrongRole': 'This token is for a {role}; this page needs an {need} token.',
    'signin.bad': 'This token was not accepted: {detail}',
    'conn.connecting': 'Connecting…', 'conn.open': 'Connected', 'conn.retry': 'Reconnecting in {s} s…',
    'conn.offline': 'Disconnected', 'conn.replaced': 'Opened in another window',
    'conn.useHere': 'Use here',
    'presence.label': 'Presence', 'presence.available': 'Available', 'presence.away': 'Away',
    'presence.busy': 'Busy', 'presence.offline': 'Offline',
    'load.title': 'Load by channel', 'offers.title': 'Offers', 'offers.none': 'No offers right now.',
    'offer.accept': 'Accept', 'offer.reject': 'Reject', 'offer.reason': 'Reason for rejecting',
    'offer.expiresIn': 'expires in {s} s', 'offer.expired': 'expired',
    'tickets.title': 'My tickets', 'tickets.none': 'No tickets.',
    'sla.due': 'due {t}', 'sla.in': '{d} left', 'sla.over': '{d} over', 'sla.none': 'no SLA clock',
    'sla.paused': 'paused',
    'ticket.customer': 'Customer', 'ticket.transcript': 'Transcript', 'ticket.timeline': 'Timeline',
    'ticket.reply': 'Reply', 'ticket.replyLabel': 'Your reply', 'ticket.send': 'Send reply',
    'ticket.pending': 'Waiting on customer', 'ticket.resolve': 'Resolve', 'ticket.transfer': 'Transfer',
    'ticket.transferTo': 'Transfer to queue', 'ticket.transferReason': 'Reason',
    'ticket.close': 'Close view', 'ticket.select': 'Select a ticket to see it here.',
    'ticket.hidden': 'This ticket is not yours to see.',
    'ticket.description': 'Description', 'ticket.status': 'Status', 'ticket.queue': 'Queue',
    'ticket.priority': 'Priority', 'ticket.channel': 'Channel', 'ticket.tier': 'Tier',
    'notes.title': 'Notifications', 'notes.none': 'Nothing yet.', 'notes.dismiss': 'Dismiss',
    'notes.missed': '(while disconnected)',
    'note.sla_warning': 'SLA warning', 'note.sla_breached': 'SLA breached', 'note.follow_up': 'Follow-up needed',
    'note.follow_up_overdue': 'Follow-up overdue', 'note.escalation': 'Escalation', 'note.compensation': 'Compensation issued',
    'note.reminder': 'Reminder: contact the customer', 'note.handoff_overdue': 'Handoff not accepted',
    'note.idle_escalation': 'Idle ticket', 'note.ticket_unroutable': 'No agent can take this ticket',
    'note.offer_revoked': 'Offer withdrawn ({reason})', 'note.presence_changed': 'Presence set to {status} ({reason})',
    'note.error': 'Refused: {message}',
    'board.queues': 'Queues', 'board.queue': 'Queue', 'board.waiting': 'Waiting', 'board.longest': 'Longest wait',
    'board.available': 'Available agents', 'board.agents': 'Agents', 'board.agent': 'Agent',
    'board.presence': 'Presence', 'board.load': 'Load', 'board.feed': 'Live alerts', 'board.feedNone': 'No alerts yet.',
    'board.serviceLevel': 'Service level today', 'board.serviceLevelHelp': 'first responses within SLA, tickets created today in your scope',
    'board.scope': 'Scope: leads {leads} · manages {manages} · queues {queues}', 'board.none': '—',
    'board.open': 'Open ticket {id}',
    'lang.label': 'Language',
  },
  zh: {
    'app.desk': 'Switchboard 坐席工作台', 'app.board': 'Switchboard 监控大屏',
    'signin.title': '登录', 'signin.token': '访问令牌', 'signin.submit': '登录',
    'signin.help': '粘贴管理员发给您的令牌（mint-token），或打开一次性登录链接。',
    'signin.exchanging': '正在通过链接登录…', 'signin.out': '退出',
    'signin.expired': '登录已过期或未被接受，请重新登录。',
    'signin.badLink': '此登录链接已失效（仅可使用一次，5 分钟内有效）。请索取新链接或粘贴令牌。',
    'signin.wrongRole': '此令牌属于 {role}；本页面需要 {need} 令牌。',
    'signin.bad': '令牌未被接受：{detail}',
    'conn.connecting': '正在连接…', 'conn.open': '已连接', 'conn.retry': '{s} 秒后重连…', 'conn.offline': '已断开', 'conn.replaced': '已在其他窗口打开',
    'conn.useHere': '在此使用',
    'presence.label': '状态', 'presence.available': '空闲', 'presence.away': '离开', 'presence.busy': '忙碌',
    'presence.offline': '离线',
    'load.title': '各渠道负载', 'offers.title': '待接工单', 'offers.none': '暂无派单。',
    'offer.accept': '接受', 'offer.reject': '拒绝', 'offer.reason': '拒绝原因',
    'offer.expiresIn': '{s} 秒后过期', 'offer.expired': '已过期',
    'tickets.title': '我的工单', 'tickets.none': '暂无工单。',
    'sla.due': '截止 {t}', 'sla.in': '剩余 {d}', 'sla.over': '超时 {d}', 'sla.none': '无 SLA 计时', 'sla.paused': '已暂停',
    'ticket.customer': '客户', 'ticket.transcript': '会话记录', 'ticket.timeline': '处理轨迹',
    'ticket.reply': '回复', 'ticket.replyLabel': '回复内容', 'ticket.send': '发送回复',
    'ticket.pending': '等待客户', 'ticket.resolve': '解决', 'ticket.transfer': '转派',
    'ticket.transferTo': '转派到技能组', 'ticket.transferReason': '原因',
    'ticket.close': '关闭视图', 'ticket.select': '选择一个工单在此查看。',
    'ticket.hidden': '您无权查看此工单。',
    'ticket.description': '描述', 'ticket.status': '状态', 'ticket.queue': '技能组',
    'ticket.priority': '优先级', 'ticket.channel': '渠道', 'ticket.tier': '客户等级',
    'notes.title': '通知', 'notes.none': '暂无通知。', 'notes.dismiss': '忽略', 'notes.missed': '（断线期间）',
    'note.sla_warning': 'SLA 预警', 'note.sla_breached': 'SLA 已超时', 'note.follow_up': '需要跟进客户',
    'note.follow_up_overdue': '跟进已逾期', 'note.escalation': '已升级', 'note.compensation': '已发放补偿',
    'note.reminder': '提醒：请联系客户', 'note.handoff_overdue': '跨部门流转未被接收',
    'note.idle_escalation': '工单长时间无处理', 'note.ticket_unroutable': '没有坐席能处理此工单',
    'note.offer_revoked': '派单已撤回（{reason}）', 'note.presence_changed': '状态已改为 {status}（{reason}）',
    'note.error': '被拒绝：{message}',
    'board.queues': '技能组', 'board.queue': '技能组', 'board.waiting': '排队数', 'board.longest': '最长等待',
    'board.available': '空闲坐席', 'board.agents': '坐席', 'board.agent': '坐席', 'board.presence': '状态',
    'board.load': '负载', 'board.feed': '实时告警', 'board.feedNone': '暂无告警。',
    'board.serviceLevel': '今日服务水平', 'board.serviceLevelHelp': '今日创建、在您范围内的工单中首次响应达标的比例',
    'board.scope': '范围：组员 {leads} · 下属 {manages} · 技能组 {queues}', 'board.none': '—',
    'board.open': '打开工单 {id}',
    'lang.label': '语言',
  },
};

const KEY = 'sb.lang';
let lang = pick();
const listeners = [];

function pick() {
  const saved = sessionStorage.getItem(KEY);
  if (saved && STRINGS[saved]) return saved;
  for (const l of navigator.languages || [navigator.language || 'en']) {
    const base = l.toLowerCase().split('-')[0];
    if (STRINGS[base]) return base;
  }
  return 'en';
}

export const languages = () => Object.keys(STRINGS);
export const currentLang = () => lang;

export function setLang(next) {
  if (!STRINGS[next] || next === lang) return;
  lang = next;
  sessionStorage.setItem(KEY, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach(fn => fn());
}

export function onLangChange(fn) { listeners.push(fn); }

/** The string for key in the current language, with {name} replaced from vars. */
export function t(key, vars) {
  const text = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name) => vars[name] ?? m) : text;
}

const formats = {};
function format(kind) {
  const id = lang + kind;
  if (!formats[id]) {
    const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
    formats[id] = new Intl.DateTimeFormat(locale, kind === 'time'
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  return formats[id];
}

/** An ISO instant in the user's zone: the time only when today, else date and time. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const today = new Date().toDateString() === d.toDateString();
  return format(today ? 'time' : 'datetime').format(d);
}

/** A duration in ms as "1 h 05 m", "4 m 09 s" or "12 s". */
export function span(ms) {
  const s = Math.max(0, Math.round(ms / 1000));
  const hh = Math.floor(s / 3600), mm = Math.floor(s % 3600 / 60), ss = s % 60;
  const two = n => String(n).padStart(2, '0');
  if (hh > 0) return `${hh} h ${two(mm)} m`;
  if (mm > 0) return `${mm} m ${two(ss)} s`;
  return `${ss} s`;
}

/** The language switcher: a labelled select. */
export function languageSelect(h) {
  const select = h('select', { id: 'lang', 'aria-label': t('lang.label'),
    onchange: e => setLang(e.target.value) },
    h('option', { value: 'en', selected: lang === 'en' }, 'English'),
    h('option', { value: 'zh', selected: lang === 'zh' }, '中文'));
  return select;
}

document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';

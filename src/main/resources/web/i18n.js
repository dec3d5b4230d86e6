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
    // the reports page (reports.js)
    'app.reports': 'Switchboard reports', 'nav.label': 'Pages', 'nav.desk': 'Desk', 'nav.board': 'Board',
    'nav.reports': 'Reports',
    'reports.filters': 'Report filters', 'reports.from': 'From', 'reports.to': 'To (exclusive)',
    'reports.calendar': 'Calendar', 'reports.bucket': 'Bucket', 'reports.bucketNone': 'whole range',
    'reports.hour': 'hour', 'reports.day': 'day', 'reports.week': 'week', 'reports.groupBy': 'Group by',
    'reports.only': 'Only (comma-separated values)', 'reports.advice': 'SLA advice', 'reports.metric': 'Metric',
    'reports.firstResponse': 'first response', 'reports.resolutionTime': 'resolution',
    'reports.percentile': 'Percentile', 'reports.handleTime': 'Handle time (s)', 'reports.target': 'Answer within (s)',
    'reports.apply': 'Show', 'reports.csv': 'Download CSV', 'reports.loading': 'Loading…',
    'reports.forbidden': 'Not available to you:', 'reports.range': '{from} to {to} ({zone})',
    'reports.percentileOf': 'p{p} of {metric}', 'reports.empty': 'No tickets in this range.',
    'reports.none': '(none)', 'reports.all': 'all', 'reports.yes': 'yes', 'reports.no': 'no',
    'reports.staffing': 'Staffing check: {share} % answered within {target} s, {handle} s handle time',
    'reports.infeasible': '{n} of {of} hours cannot meet it with the agents available then.',
    'reports.weekdays': 'Mon,Tue,Wed,Thu,Fri,Sat,Sun',
    'dim.team': 'Team', 'dim.agent': 'Agent', 'dim.queue': 'Queue', 'dim.tier': 'Tier', 'dim.channel': 'Channel',
    'dim.type': 'Type', 'dim.priority': 'Priority', 'dim.policy': 'SLA policy',
    'report.response-times': 'Response times', 'report.resolution': 'Resolution', 'report.satisfaction': 'Satisfaction',
    'report.backlog': 'Backlog', 'report.sla-events': 'SLA events', 'report.occupancy': 'Agent occupancy',
    'report.advice': 'SLA advice',
    'report.response-times.help': 'First response and resolution, wall time; SLA attainment per clock.',
    'report.resolution.help': 'First-contact resolution and reopen rates, transfers.',
    'report.satisfaction.help': 'CSAT distribution and mean, response rate, NPS.',
    'report.backlog.help': 'Open, created and resolved tickets per bucket, by each ticket\'s current queue, agent, team, tier, channel, type and priority (no SLA policy).',
    'report.sla-events.help': 'Warnings, breaches, escalations and compensations, grouped and filtered as the backlog.',
    'report.handoffs': 'Handoffs between teams',
    'report.handoffs.help': 'Transfers to each receiving team: accepted, overdue against its handoff limit, time to accept (filters as the backlog; always per team).',
    'report.dry-run': 'SLA dry-run',
    'report.dry-run.help': 'Replays the range\'s archived tickets under a proposed SLA configuration (the calendars and sla sections of the configuration file, as YAML), with the group-by and filters above; nothing live changes. Admins only.',
    'dryRun.proposal': 'Proposed configuration (YAML)', 'dryRun.run': 'Replay',
    'dryRun.summary': 'First response: {fm} newly met, {fx} newly missed. Resolution: {rm} newly met, {rx} newly missed.',
    'col.first_response_recorded_attainment': 'first response, recorded',
    'col.first_response_proposed_attainment': 'first response, proposed',
    'col.resolution_recorded_attainment': 'resolution, recorded', 'col.resolution_proposed_attainment': 'resolution, proposed',
    'col.handoffs': 'handoffs', 'col.accepted': 'accepted', 'col.overdue': 'overdue',
    'report.occupancy.help': 'Time each agent spent available, busy and away (agent filter only).',
    'report.advice.help': 'The target the chosen percentile of tickets met, against today\'s; staffing with handle time and target (admins).',
    'col.first_response_wall_p50_ms': 'first response p50', 'col.first_response_wall_p90_ms': 'first response p90',
    'col.resolution_wall_p50_ms': 'resolution p50', 'col.resolution_wall_p90_ms': 'resolution p90',
    'col.first_contact_resolution_rate': 'first-contact resolution', 'col.reopen_rate': 'reopen rate',
    'col.open_at_end': 'open at end', 'col.available_ms': 'available', 'col.busy_ms': 'busy', 'col.away_ms': 'away',
    'col.business_p50_ms': 'achieved p50', 'col.supported_target_ms': 'supported target', 'col.target_ms': 'target now',
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
    'app.reports': 'Switchboard 报表', 'nav.label': '页面', 'nav.desk': '工作台', 'nav.board': '监控大屏',
    'nav.reports': '报表',
    'reports.filters': '报表筛选', 'reports.from': '开始', 'reports.to': '结束（不含）',
    'reports.calendar': '工作日历', 'reports.bucket': '时间粒度', 'reports.bucketNone': '整个区间',
    'reports.hour': '小时', 'reports.day': '天', 'reports.week': '周', 'reports.groupBy': '分组',
    'reports.only': '仅限（逗号分隔）', 'reports.advice': 'SLA 建议', 'reports.metric': '指标',
    'reports.firstResponse': '首次响应', 'reports.resolutionTime': '解决',
    'reports.percentile': '百分位', 'reports.handleTime': '处理时长（秒）', 'reports.target': '响应目标（秒）',
    'reports.apply': '查询', 'reports.csv': '下载 CSV', 'reports.loading': '加载中…',
    'reports.forbidden': '您无权查看：', 'reports.range': '{from} 至 {to}（{zone}）',
    'reports.percentileOf': '{metric} 的 p{p}', 'reports.empty': '此区间内没有工单。',
    'reports.none': '（无）', 'reports.all': '全部', 'reports.yes': '是', 'reports.no': '否',
    'reports.staffing': '排班核算：{share}% 在 {target} 秒内响应，处理时长 {handle} 秒',
    'reports.infeasible': '{of} 个小时中有 {n} 个小时以当时在线坐席无法达标。',
    'reports.weekdays': '周一,周二,周三,周四,周五,周六,周日',
    'dim.team': '部门', 'dim.agent': '坐席', 'dim.queue': '技能组', 'dim.tier': '客户等级', 'dim.channel': '渠道',
    'dim.type': '类型', 'dim.priority': '优先级', 'dim.policy': 'SLA 策略',
    'report.response-times': '响应时长', 'report.resolution': '解决情况', 'report.satisfaction': '满意度',
    'report.backlog': '积压', 'report.sla-events': 'SLA 事件', 'report.occupancy': '坐席占用',
    'report.advice': 'SLA 建议',
    'report.response-times.help': '首次响应与解决时长（自然时间）；各计时的 SLA 达标率。',
    'report.resolution.help': '一次解决率、重开率、转派。',
    'report.satisfaction.help': 'CSAT 分布与均值、回评率、NPS。',
    'report.backlog.help': '各时段的未结、新建与已解决工单，按工单当前的技能组、坐席、部门、客户等级、渠道、类型和优先级（无 SLA 策略）。',
    'report.sla-events.help': '预警、超时、升级与补偿，分组与筛选同积压报表。',
    'report.handoffs': '跨部门流转',
    'report.handoffs.help': '转入各部门的工单：已接收、超出流转时限、接收用时（筛选同积压报表；始终按接收部门）。',
    'report.dry-run': 'SLA 试运行',
    'report.dry-run.help': '按拟定的 SLA 配置（配置文件中 calendars 与 sla 两节，YAML）重放此区间的归档工单，分组与筛选同上；不改动线上状态。仅管理员。',
    'dryRun.proposal': '拟定配置（YAML）', 'dryRun.run': '重放',
    'dryRun.summary': '首次响应：新达标 {fm}，新超时 {fx}。解决：新达标 {rm}，新超时 {rx}。',
    'col.first_response_recorded_attainment': '首次响应（实际）',
    'col.first_response_proposed_attainment': '首次响应（拟定）',
    'col.resolution_recorded_attainment': '解决（实际）', 'col.resolution_proposed_attainment': '解决（拟定）',
    'col.handoffs': '流转数', 'col.accepted': '已接收', 'col.overdue': '超时',
    'report.occupancy.help': '各坐席空闲、忙碌、离开的时长（仅可按坐席筛选）。',
    'report.advice.help': '所选百分位的工单实际达到的目标与现行目标对比；填写处理时长和目标可做排班核算（管理员）。',
    'col.first_response_wall_p50_ms': '首次响应 p50', 'col.first_response_wall_p90_ms': '首次响应 p90',
    'col.resolution_wall_p50_ms': '解决 p50', 'col.resolution_wall_p90_ms': '解决 p90',
    'col.first_contact_resolution_rate': '一次解决率', 'col.reopen_rate': '重开率',
    'col.open_at_end': '期末未结', 'col.available_ms': '空闲', 'col.busy_ms': '忙碌', 'col.away_ms': '离开',
    'col.business_p50_ms': '实际 p50', 'col.supported_target_ms': '可承诺目标', 'col.target_ms': '现行目标',
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

// Pyrometer console: one page, routed by the URL fragment (#/, #/sessions/NS/NAME,
// #/schedules/NS/NAME). Every datum comes from /console/api/v1 with the viewer's bearer token,
// which the API checks with the cluster (TokenReview, SubjectAccessReview). No framework: the
// DOM is built with el(), never from HTML strings, so names from the cluster are only ever text.
'use strict';

// relative to the page (/console/), so the console also works behind a proxy that adds a prefix
const API = 'api/v1';
const TOKEN_KEY = 'pyrometer.console.token';
const RUNNING = new Set(['Pending', 'Profiling']);
const REFRESH_MS = 3000;
let refreshTimer = null;
let renderId = 0;

const main = document.getElementById('main');
const nsInput = document.getElementById('namespace');

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

class ApiError extends Error {
  constructor(status, message, sentToken) { super(message); this.status = status; this.sentToken = sentToken; }
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }

async function api(path) {
  const headers = { 'Accept': 'application/json' };
  const sent = token();
  if (sent) headers['Authorization'] = 'Bearer ' + sent;
  const response = await fetch(API + path, { headers, cache: 'no-store' });
  if (!response.ok) {
    let message = response.status + ' ' + response.statusText;
    try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
    throw new ApiError(response.status, message, sent);
  }
  return response.json();
}

function age(timestamp) {
  if (!timestamp) return '';
  const seconds = Math.max(0, (Date.now() - Date.parse(timestamp)) / 1000);
  if (seconds < 120) return Math.round(seconds) + 's';
  if (seconds < 7200) return Math.round(seconds / 60) + 'm';
  if (seconds < 172800) return Math.round(seconds / 3600) + 'h';
  return Math.round(seconds / 86400) + 'd';
}

function when(timestamp) {
  return timestamp ? el('span', { title: timestamp }, new Date(timestamp).toLocaleString() + ' (' + age(timestamp) + ' ago)') : '';
}

function badge(text) { return text ? el('span', { class: 'badge ' + text }, text) : el('span', { class: 'muted' }, '—'); }

function sessionLink(ns, name) { return el('a', { href: '#/sessions/' + encodeURIComponent(ns) + '/' + encodeURIComponent(name) }, name); }
function scheduleLink(ns, name) { return el('a', { href: '#/schedules/' + encodeURIComponent(ns) + '/' + encodeURIComponent(name) }, name); }

function crumbs(...parts) {
  const nav = document.getElementById('crumbs');
  nav.replaceChildren(...parts.flatMap((p, i) => i ? [' / ', p] : [p]));
}

function show(...nodes) { main.replaceChildren(...nodes); }

function schedule(fn, ms) {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(fn, ms);
}

// --- sign-in -------------------------------------------------------------------------------

function showSignIn(reason) {
  clearTimeout(refreshTimer);
  crumbs('sign in');
  const form = document.getElementById('token-form').content.cloneNode(true);
  show(form);
  const error = document.getElementById('token-error');
  if (reason) { error.textContent = reason; error.hidden = false; }
  document.getElementById('token-entry').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = document.getElementById('token').value.trim().replace(/^Bearer\s+/i, '');
    if (value) { sessionStorage.setItem(TOKEN_KEY, value); route(); }
  });
}

function showRefusal(error) {
  clearTimeout(refreshTimer);
  const title = error.status === 403 ? 'Not allowed'
    : error.status === 503 ? 'Cannot check who you are right now'
    : error.status === 404 ? 'Not found' : 'Something went wrong';
  show(el('section', { class: 'card refusal', id: 'refusal', 'data-status': error.status },
    el('h1', {}, title + ' (' + (error.status || 'error') + ')'),
    el('p', {}, error.message),
    error.status === 403 ? el('p', { class: 'muted' }, 'The console shows only what your Kubernetes identity may read. Ask for a namespace you may read in the filter above, or ask your cluster admin for the pyrometer viewer role there.') : null,
    error.status === 503 ? el('p', { class: 'muted' }, 'The operator could not reach the API server to review your token; nothing is shown until it can. Try again in a moment.') : null));
}

function failed(error) {
  if (error.status === 401) {
    const had = token();
    // forget only the token that was refused: one signed in since (another tab step, a
    // sign-in that raced this answer) is not this answer's to drop
    if (had && had !== error.sentToken) { route(); return; }
    sessionStorage.removeItem(TOKEN_KEY);
    // no token yet (and no proxy setting one): just ask; a refused token: say why
    showSignIn(had || !error.message.startsWith('no bearer token') ? error.message : null);
    return;
  }
  showRefusal(error);
}

// --- the list ----------------------------------------------------------------------------

async function listPage(id) {
  const ns = nsInput.value.trim();
  const query = ns ? '?namespace=' + encodeURIComponent(ns) : '';
  crumbs(ns ? 'namespace ' + ns : 'all namespaces');
  let sessions;
  try {
    sessions = await api('/profilesessions' + query);
  } catch (error) {
    if (id === renderId) failed(error);
    return;
  }
  let schedules = null;
  let schedulesError = null;
  try { schedules = await api('/profileschedules' + query); } catch (error) { schedulesError = error; }
  if (id !== renderId) return;
  const running = sessions.items.some(s => RUNNING.has(s.phase));
  const rows = sessions.items.map(s => el('tr', { 'data-session': s.namespace + '/' + s.name },
    el('td', {}, s.namespace),
    el('td', {}, sessionLink(s.namespace, s.name), s.schedule ? el('div', { class: 'muted' }, 'schedule ', scheduleLink(s.namespace, s.schedule)) : null),
    el('td', {}, badge(s.phase)),
    el('td', {}, s.mode || ''),
    el('td', { class: 'mono' }, s.target || ''),
    el('td', { class: 'top mono' }, s.top || el('span', { class: 'muted' }, s.reason || '')),
    el('td', {}, s.collected || (s.samples != null ? s.samples.toLocaleString() + ' samples' : '')),
    el('td', { title: s.creationTimestamp || '' }, age(s.creationTimestamp))));
  const sessionTable = el('table', { id: 'sessions' },
    el('thead', {}, el('tr', {}, ['Namespace', 'Name', 'Phase', 'Mode', 'Target', 'TOP', 'Collected', 'Age'].map(h => el('th', {}, h)))),
    el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: 8, class: 'muted' }, 'No sessions.'))));
  const parts = [
    el('h2', {}, 'Profile sessions', running ? el('span', { class: 'refreshing', id: 'refreshing' }, 'refreshing every 3 s while sessions run') : null),
    sessionTable];
  parts.push(el('h2', {}, 'Profile schedules'));
  if (schedules) {
    const srows = schedules.items.map(s => el('tr', { 'data-schedule': s.namespace + '/' + s.name },
      el('td', {}, s.namespace), el('td', {}, scheduleLink(s.namespace, s.name)),
      el('td', { class: 'mono' }, s.schedule || '', s.suspend ? el('span', { class: 'muted' }, ' (suspended)') : null),
      el('td', {}, age(s.lastScheduleTime) ? age(s.lastScheduleTime) + ' ago' : ''),
      el('td', { class: 'top' }, s.latestInsight || el('span', { class: 'muted' }, '—')),
      el('td', { title: s.creationTimestamp || '' }, age(s.creationTimestamp))));
    parts.push(el('table', { id: 'schedules' },
      el('thead', {}, el('tr', {}, ['Namespace', 'Name', 'Schedule', 'Last run', 'Latest insight', 'Age'].map(h => el('th', {}, h)))),
      el('tbody', {}, srows.length ? srows : el('tr', {}, el('td', { colspan: 6, class: 'muted' }, 'No schedules.')))));
  } else {
    parts.push(el('p', { class: 'muted' }, schedulesError.message));
  }
  show(...parts);
  document.body.dataset.loaded = 'list';
  schedule(() => { if (id === renderId) listPage(id); }, running ? REFRESH_MS : 30000);
}

// --- one session -------------------------------------------------------------------------

function fact(label, value) { return value === null || value === undefined || value === '' ? null : el('div', {}, el('span', {}, label), value); }

async function artifactJson(ns, name, path) {
  return api('/namespaces/' + encodeURIComponent(ns) + '/profilesessions/' + encodeURIComponent(name) + '/artifacts/' + path);
}

function diagnosisCard(pod, report, many) {
  const findings = report.findings || [];
  const headline = findings[report.headline];
  return el('section', { class: 'card diagnosis', 'data-pod': pod },
    el('h2', { style: null }, 'Diagnosis' + (many ? ' — pod ' + pod : '')),
    headline ? el('p', { class: 'headline' }, headline.title) : null,
    el('ul', { class: 'sentences' }, (report.diagnosis || []).map(s => el('li', {}, s))),
    findings.length ? el('h2', {}, 'Findings') : null,
    findings.map((f, i) => el('div', { class: 'finding' + (i === report.headline ? ' headline-finding' : '') },
      el('span', { class: 'share' }, Math.round((f.share || 0) * 100) + '%'),
      el('strong', {}, f.title || f.kind),
      f.location ? el('span', { class: 'mono muted' }, '  ' + (f.location.function || '') + ' (' + (f.location.shortFile || f.location.file || '') + ':' + (f.location.line || '') + ')') : null,
      f.message && f.message !== f.title ? el('div', {}, f.message) : null,
      f.suggestion ? el('div', { class: 'suggestion' }, f.suggestion) : null)));
}

function artifactLinks(items, config) {
  const byPod = new Map();
  for (const a of items) { if (!byPod.has(a.pod)) byPod.set(a.pod, []); byPod.get(a.pod).push(a); }
  const out = [];
  for (const [pod, files] of byPod) {
    const links = files.map(a => {
      const label = a.name + (a.bytes != null ? ' (' + formatBytes(a.bytes) + ')' : '');
      const primary = a.name === 'report.html' || a.name.endsWith('flamegraph.html');
      const attrs = { href: a.link, target: '_blank', rel: 'noopener', class: primary ? 'primary' : null, 'data-artifact': a.path };
      if (a.contentType === 'application/octet-stream') attrs.download = pod + '-' + a.name;
      const nodes = [el('a', attrs, label)];
      if (a.name === 'speedscope.json') {
        const absolute = new URL(a.link, location.href).href;
        nodes.push(el('a', { href: 'https://www.speedscope.app/#profileURL=' + encodeURIComponent(absolute) + '&title=' + encodeURIComponent(pod),
          target: '_blank', rel: 'noopener', id: 'open-speedscope', 'data-artifact': 'speedscope:' + a.path }, 'open in speedscope ↗'));
      }
      return nodes;
    });
    out.push(el('div', { class: 'card' }, el('div', { class: 'muted' }, 'pod ' + pod), el('div', { class: 'artifacts' }, links.flat())));
  }
  return out;
}

function formatBytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1048576) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1048576).toFixed(1) + ' MiB';
}

async function sessionPage(id, ns, name) {
  crumbs(el('a', { href: '#/' }, 'sessions'), ns, name);
  const base = '/namespaces/' + encodeURIComponent(ns) + '/profilesessions/' + encodeURIComponent(name);
  let data, artifacts;
  try {
    data = await api(base);
    artifacts = await api(base + '/artifacts');
  } catch (error) {
    if (id === renderId) failed(error);
    return;
  }
  const s = data.session;
  const status = s.status || {};
  const spec = s.spec || {};
  const reports = [];
  for (const a of artifacts.items) {
    if (a.name === 'report.json') {
      try { reports.push([a.pod, await artifactJson(ns, name, a.path)]); } catch (e) { reports.push([a.pod, { diagnosis: ['report.json could not be read: ' + e.message] }]); }
    }
  }
  if (id !== renderId) return;
  const target = spec.target || {};
  const parts = [el('section', { class: 'card', id: 'session' },
    el('h1', {}, name, ' ', badge(status.phase)),
    el('p', { class: 'status-line' }, status.reason ? el('strong', {}, status.reason + ': ') : null, status.message || ''),
    el('div', { class: 'facts' },
      fact('Namespace', ns), fact('Mode', spec.mode), fact('Duration', spec.duration), fact('Rate', spec.rate ? spec.rate + ' Hz' : null),
      fact('Target', status.target || target.podName || (target.podSelector ? JSON.stringify(target.podSelector.matchLabels || target.podSelector) : null)),
      fact('Container', target.container), fact('Collected', status.collected), fact('Created', when(s.metadata.creationTimestamp)),
      fact('Started', when(status.startTime)), fact('Completed', when(status.completionTime)),
      fact('Schedule', s.metadata.labels && s.metadata.labels['pyrometer.dev/schedule'] ? scheduleLink(ns, s.metadata.labels['pyrometer.dev/schedule']) : null)),
    status.top ? el('p', {}, el('span', { class: 'muted' }, 'TOP  '), el('span', { class: 'mono', id: 'top' }, status.top)) : null,
    status.insight ? el('p', {}, el('span', { class: 'muted' }, 'Compared with the previous run: '), status.insight) : null)];
  for (const [pod, report] of reports) parts.push(diagnosisCard(pod, report, reports.length > 1));
  if (artifacts.items.length) parts.push(el('h2', {}, 'Artifacts'), ...artifactLinks(artifacts.items));
  const targets = status.targets || [];
  if (targets.length) {
    parts.push(el('h2', {}, 'Pods and processes'), el('table', { id: 'targets' },
      el('thead', {}, el('tr', {}, ['Pod', 'Phase', 'Process', 'Python', 'Samples', 'TOP'].map(h => el('th', {}, h)))),
      el('tbody', {}, targets.flatMap(t => {
        const procs = t.processes && t.processes.length ? t.processes : [null];
        return procs.map((p, i) => el('tr', {},
          el('td', { class: 'mono' }, i ? '' : t.pod, i || !t.container ? null : el('div', { class: 'muted' }, 'container ' + t.container)),
          el('td', {}, i ? '' : badge(t.phase), i || !t.message ? null : el('div', { class: 'muted' }, t.message)),
          el('td', { class: 'mono' }, p ? 'pid ' + p.pid + '  ' + (p.command || '') : ''),
          el('td', {}, p && p.pythonVersion || ''),
          el('td', {}, p && p.samples != null ? p.samples.toLocaleString() : (p && p.objects != null ? p.objects.toLocaleString() + ' objects' : '')),
          el('td', { class: 'top mono' }, p ? p.top || '' : t.top || '')));
      }))));
  }
  const conditions = status.conditions || [];
  parts.push(el('h2', {}, 'Conditions'), el('table', { id: 'conditions' },
    el('thead', {}, el('tr', {}, ['Type', 'Status', 'Reason', 'Message', 'Since'].map(h => el('th', {}, h)))),
    el('tbody', {}, conditions.length ? conditions.map(c => el('tr', {}, el('td', {}, c.type), el('td', {}, badge(c.status)), el('td', {}, c.reason || ''), el('td', {}, c.message || ''), el('td', {}, age(c.lastTransitionTime) + ' ago')))
      : el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'None yet.')))));
  parts.push(el('h2', {}, 'Events'));
  if (data.eventsError) parts.push(el('p', { class: 'muted', id: 'events-error' }, data.eventsError));
  else parts.push(el('table', { id: 'events' },
    el('thead', {}, el('tr', {}, ['Type', 'Reason', 'Message', 'Age'].map(h => el('th', {}, h)))),
    el('tbody', {}, data.events.length ? data.events.map(e => el('tr', {}, el('td', {}, e.type || ''), el('td', {}, e.reason || ''), el('td', {}, e.message || ''), el('td', {}, age(e.lastTimestamp || e.eventTime || e.metadata.creationTimestamp))))
      : el('tr', {}, el('td', { colspan: 4, class: 'muted' }, 'No events.')))));
  show(...parts);
  document.body.dataset.loaded = 'session';
  if (RUNNING.has(status.phase)) schedule(() => { if (id === renderId) sessionPage(id, ns, name); }, REFRESH_MS);
}

// --- one schedule ------------------------------------------------------------------------

async function schedulePage(id, ns, name) {
  crumbs(el('a', { href: '#/' }, 'schedules'), ns, name);
  let data;
  try {
    data = await api('/namespaces/' + encodeURIComponent(ns) + '/profileschedules/' + encodeURIComponent(name));
  } catch (error) {
    if (id === renderId) failed(error);
    return;
  }
  if (id !== renderId) return;
  const s = data.schedule;
  const status = s.status || {};
  const spec = s.spec || {};
  const template = (spec.template || {}).spec || {};
  const runs = data.runs.slice().reverse();
  show(
    el('section', { class: 'card', id: 'schedule' },
      el('h1', {}, name),
      el('div', { class: 'facts' }, fact('Namespace', ns), fact('Schedule', el('span', { class: 'mono' }, spec.schedule || '')),
        fact('Time zone', spec.timeZone), fact('Suspended', spec.suspend ? 'yes' : 'no'), fact('Mode', template.mode), fact('Duration', template.duration),
        fact('Last run', when(status.lastScheduleTime)), fact('Next run', when(status.nextScheduleTime)),
        fact('Running now', status.activeSession ? sessionLink(ns, status.activeSession) : null))),
    el('section', { class: 'card diagnosis', id: 'insight' }, el('h2', {}, 'Latest insight'),
      el('p', { class: 'headline' }, data.latestInsight || 'No comparison yet: it needs two successful runs.')),
    el('h2', {}, 'TOP of each run over time'),
    data.runsError ? el('p', { class: 'muted' }, data.runsError) : el('table', { id: 'runs' },
      el('thead', {}, el('tr', {}, ['Run', 'Session', 'Phase', 'TOP', 'Change from the previous run'].map(h => el('th', {}, h)))),
      el('tbody', {}, runs.length ? runs.map(r => el('tr', { 'data-run': r.name }, el('td', {}, when(r.scheduledTime || r.creationTimestamp)), el('td', {}, sessionLink(ns, r.name)),
        el('td', {}, badge(r.phase)), el('td', { class: 'top mono' }, r.top || ''), el('td', {}, r.insight || '')))
        : el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No runs yet.')))));
  document.body.dataset.loaded = 'schedule';
  if (data.runs.some(r => RUNNING.has(r.phase))) schedule(() => { if (id === renderId) schedulePage(id, ns, name); }, REFRESH_MS);
}

// --- routing -------------------------------------------------------------------------------

function route() {
  const id = ++renderId;
  clearTimeout(refreshTimer);
  delete document.body.dataset.loaded;
  document.getElementById('sign-out').hidden = !token();
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'sessions' && parts.length === 3) return sessionPage(id, parts[1], parts[2]);
  if (parts[0] === 'schedules' && parts.length === 3) return schedulePage(id, parts[1], parts[2]);
  return listPage(id);
}

nsInput.value = new URLSearchParams(location.search).get('namespace') || sessionStorage.getItem('pyrometer.console.namespace') || '';
document.getElementById('filter').addEventListener('submit', (event) => { event.preventDefault(); sessionStorage.setItem('pyrometer.console.namespace', nsInput.value.trim()); location.hash = '#/'; route(); });
nsInput.addEventListener('change', () => { sessionStorage.setItem('pyrometer.console.namespace', nsInput.value.trim()); if (!location.hash || location.hash === '#/') route(); });
document.getElementById('sign-out').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); route(); });
window.addEventListener('hashchange', route);
route();

// drs-monitor dashboard: plain JavaScript, no libraries, refreshed every 3 seconds from the query API.
// Routes: #/ (the fleet: totals, regions, ranked items, projects)[?region=...&verdict=ALARM],
// #/fleet/item/{item}?verdict=FAILED|ALARM[&region=...&limit=50] (the jobs an item affects, in the region if one),
// #/projects/{projectId}[?state=failed,alarm&sort=passRate&limit=50&region=...],
// #/projects/{projectId}/jobs/{jobId}.
// Every string from the API reaches the page as a text node or an attribute value (el() below, textContent),
// never as HTML: job names and failure reasons come from users and DRS.
'use strict';

const REFRESH_MS = 3000;
// Pass-rate colours: at least GOOD is green, at least WARN amber, anything lower red.
const PASS_RATE_GOOD = 0.9;
const PASS_RATE_WARN = 0.7;
// The project view's jobs: the state filters the API knows, the sorts, the page size.
const JOB_STATES = ['failed', 'alarm', 'running', 'passed', 'error', 'api-failing', 'dr-initializing', 'dr-stalled', 'dr-failed', 'dr-done'];
const JOB_SORTS = ['updated', 'passRate'];
const JOBS_PER_PAGE = 50;
const MAX_JOBS_PER_PAGE = 500;
const RUNS_SHOWN = 20;
// The fleet: verdicts an item is ranked by (the first is the default), items ranked, affected jobs per page.
const VERDICTS = ['FAILED', 'ALARM'];
const FLEET_ITEMS_SHOWN = 20;
const ITEM_JOBS_PER_PAGE = 50;
const REGION_ID = /^[A-Za-z0-9_-]{1,64}$/; // as the API's region parameter

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === 'class') node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return node;
}

function decode(part) {
  try { return decodeURIComponent(part); } catch (e) { return part; }
}

/** The view the hash names, with the project view's jobs query (states, sort, page size, region). */
function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const q = hash.indexOf('?');
  const parts = (q < 0 ? hash : hash.slice(0, q)).split('/').map(decode);
  const params = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  const states = (params.get('state') || '').split(',').filter(st => JOB_STATES.includes(st));
  const limit = Number.parseInt(params.get('limit'), 10);
  const region = params.get('region');
  const fleetItem = parts[0] === 'fleet' && parts[1] === 'item' && parts[2] ? parts[2] : null;
  const project = parts[0] === 'projects' && parts[1] ? parts[1] : null;
  return {
    project,
    job: project && parts[2] === 'jobs' && parts[3] ? parts[3] : null,
    home: !project && !fleetItem,
    fleetItem,
    fleet: {
      verdict: VERDICTS.includes(params.get('verdict')) ? params.get('verdict') : VERDICTS[0],
      region: region && REGION_ID.test(region) ? region : null,
      limit: fleetItem && limit >= 1 && limit <= MAX_JOBS_PER_PAGE ? limit : ITEM_JOBS_PER_PAGE,
    },
    query: {
      states: JOB_STATES.filter(st => states.includes(st)),
      sort: JOB_SORTS.includes(params.get('sort')) ? params.get('sort') : JOB_SORTS[0],
      limit: limit >= 1 && limit <= MAX_JOBS_PER_PAGE ? limit : JOBS_PER_PAGE,
      region: params.get('region') || null,
    },
  };
}

/** The hash query of a jobs query: only what differs from the defaults, states joined by commas. */
function queryString(query) {
  const parts = [];
  if (query.states.length) parts.push('state=' + query.states.join(','));
  if (query.region) parts.push('region=' + encodeURIComponent(query.region));
  if (query.sort !== JOB_SORTS[0]) parts.push('sort=' + query.sort);
  if (query.limit !== JOBS_PER_PAGE) parts.push('limit=' + query.limit);
  return parts.join('&');
}

function projectLink(projectId) {
  return '#/projects/' + encodeURIComponent(projectId);
}

function jobLink(projectId, jobId) {
  return projectLink(projectId) + '/jobs/' + encodeURIComponent(jobId);
}

/** The fleet home, filtered to a region and ranking by a verdict: only what differs from the defaults. */
function fleetLink(fleet) {
  const parts = [];
  if (fleet.region) parts.push('region=' + encodeURIComponent(fleet.region));
  if (fleet.verdict && fleet.verdict !== VERDICTS[0]) parts.push('verdict=' + fleet.verdict);
  return '#/' + (parts.length ? '?' + parts.join('&') : '');
}

/** The jobs an item affects in a verdict, of the fleet view's region when one is chosen (and back to it). */
function itemLink(item, fleet) {
  return '#/fleet/item/' + encodeURIComponent(item) + '?verdict=' + fleet.verdict +
    (fleet.region ? '&region=' + encodeURIComponent(fleet.region) : '') +
    (fleet.limit && fleet.limit !== ITEM_JOBS_PER_PAGE ? '&limit=' + fleet.limit : '');
}

function projectViewLink(projectId, query) {
  const qs = query ? queryString(query) : '';
  return projectLink(projectId) + (qs ? '?' + qs : '');
}

/** A percentage (0 to 100: a job's passedRate, a run's totalPassedRate, DRS's total_passed_rate) as a ratio from 0 to 1. */
function percentRatio(percent) {
  if (percent == null || Number.isNaN(Number(percent))) return null;
  return Math.min(1, Math.max(0, Number(percent) / 100));
}

function rateClass(ratio) {
  return ratio == null ? '' : ratio >= PASS_RATE_GOOD ? 'good' : ratio >= PASS_RATE_WARN ? 'warn' : 'bad';
}

/** A bar: pass rates coloured by the scale, DR progress ('dr') in blue. */
function bar(ratio, kind) {
  const pct = ratio == null ? 0 : Math.round(ratio * 100);
  const inner = el('span');
  inner.style.width = pct + '%';
  const attrs = { class: 'bar ' + (kind || rateClass(ratio)) };
  if (ratio != null) attrs['data-ratio'] = ratio;
  return el('span', {}, el('span', attrs, inner), el('span', { class: 'num' }, ratio == null ? '–' : pct + '%'));
}

/** The JSON answer of a GET; a failure carries the HTTP status and the API's error message, if any. */
async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) {
    let detail = '';
    try {
      const body = await response.json();
      if (body && body.error) detail = String(body.error);
    } catch (e) { /* not JSON: the status says enough */ }
    const error = new Error(path + ': HTTP ' + response.status + (detail ? ' (' + detail + ')' : ''));
    error.status = response.status;
    error.detail = detail;
    throw error;
  }
  return response.json();
}

/** One short sentence on why {@code what} is not shown: not served yet, not ready, or the error. */
function unavailable(what, e) {
  const detail = e.detail ? ': ' + e.detail : '';
  if (e.status === 404) return `${what}: not available (HTTP 404${detail}).`;
  if (e.status === 503) return `${what}: not ready yet (HTTP 503${detail}); retrying.`;
  if (e.status) return `${what}: could not be loaded (HTTP ${e.status}${detail}).`;
  return `${what}: could not be loaded (${e.message}).`;
}

function fmtDuration(seconds) {
  if (seconds == null) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min` + (s % 60 ? ` ${s % 60} s` : '');
  if (s < 86400) return `${Math.floor(s / 3600)} h` + (Math.floor(s / 60) % 60 ? ` ${Math.floor(s / 60) % 60} min` : '');
  return `${Math.floor(s / 86400)} d` + (Math.floor(s / 3600) % 24 ? ` ${Math.floor(s / 3600) % 24} h` : '');
}

/** A time: the time of day for today, else a short date and time; the ISO instant on hover. */
function fmtTime(iso) {
  if (!iso) return '–';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return String(iso);
  const text = t.toDateString() === new Date().toDateString() ? t.toLocaleTimeString()
    : t.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return el('time', { datetime: iso, title: iso }, text);
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

function drProgress(dr) {
  if (!dr || !dr.objectTypes || dr.objectTypes.length === 0) return null;
  let src = 0, dst = 0;
  for (const t of dr.objectTypes) { src += t.srcCount; dst += Math.min(t.dstCount, t.srcCount); }
  return src === 0 ? (dr.done === dr.drJobs ? 1 : 0) : dst / src;
}

// Project names (projects.names) by id, from the latest project list: the fleet's job lists show them.
const projectNames = new Map();

function shortProject(projectId) {
  return projectId.length > 12 ? projectId.slice(0, 12) + '…' : projectId;
}

/** A project as people know it: its name with the id muted, or the (shortened) id without a name. */
function projectLabel(projectId, name, href) {
  const label = name ? el('span', { class: 'project-name' }, name) : el('span', { class: 'project-id' }, shortProject(projectId));
  return el('span', { class: 'project' }, href ? el('a', { href, title: projectId }, label) : label,
    name ? el('span', { class: 'muted project-id', title: projectId }, ' ' + shortProject(projectId)) : '');
}

const projectsView = { seq: 0 };

/** A line saying why the project list is not shown (the table hidden), or null to show the table. */
function projectsMessage(text) {
  const message = document.querySelector('#projects-message');
  message.textContent = text || '';
  message.hidden = !text;
  document.querySelector('#projects-section .scroll').hidden = !!text;
  document.querySelector('#projects-section .legend').hidden = !!text;
}

/** The project list: every project, or the projects of the fleet's chosen region. */
async function renderProjectList(region, selected) {
  const seq = ++projectsView.seq;
  document.querySelector('#projects-scope').replaceChildren(region ? el('span', {}, `in region ${region} · `,
    el('a', { href: fleetLink({ ...route().fleet, region: null }) }, 'all regions')) : '');
  let answer;
  try {
    answer = await getJson('/api/projects' + (region ? '?region=' + encodeURIComponent(region) : ''));
  } catch (e) {
    if (seq === projectsView.seq) projectsMessage(unavailable('Projects', e));
    return;
  }
  if (seq !== projectsView.seq) return;
  if (!answer || !Array.isArray(answer.projects)) { projectsMessage('Projects: the answer has no project list.'); return; }
  projectsMessage(null);
  for (const p of answer.projects) {
    if (p.name) projectNames.set(p.projectId, p.name); else projectNames.delete(p.projectId);
  }
  renderProjects(answer.projects, selected, region);
}

function renderProjects(projects, selected, region) {
  const body = document.querySelector('#projects tbody');
  body.replaceChildren();
  if (projects.length === 0) {
    body.append(el('tr', { class: 'empty' }, el('td', { colspan: 7 }, region ? `No project in region ${region}.` : 'Waiting for the first summaries…')));
    return;
  }
  for (const p of projects) {
    const pc = p.precheck, dr = p.drInit;
    const checks = pc ? `${pc.jobsPassed} passed · ${pc.jobsFailed} failed · ${pc.jobsInProgress} running` +
      (pc.jobsWithErrors ? ` · ${pc.jobsWithErrors} errors` : '') : '–';
    const failing = pc ? el('span', { class: pc.failedItems ? 'bad' : '' }, `${pc.failedItems} failed`, ' / ',
      el('span', { class: pc.alarmItems ? 'warn' : '' }, `${pc.alarmItems} alarm`)) : '–';
    const drText = dr ? el('span', {}, `${dr.done}/${dr.drJobs} done`, dr.failed ? el('span', { class: 'bad' }, ` · ${dr.failed} failed`) : '',
      dr.stalled ? el('span', { class: 'warn' }, ` · ${dr.stalled} stalled`) : '') : '–';
    const cell = (label, cls, ...children) => el('td', { 'data-label': label, class: cls }, el('div', { class: 'v' }, ...children));
    const row = el('tr', { 'data-project': p.projectId, 'data-region': p.region || null },
      cell('Project', 'project', projectLabel(p.projectId, p.name, projectLink(p.projectId))),
      cell('Region', 'region', p.region || '–'),
      cell('Pre-checks', 'checks', checks), cell('Pass rate', 'rate', bar(pc ? pc.passRate : null)), cell('Failing items', 'failing', failing),
      cell('DR initialization', 'dr', drText), cell('DR progress', 'progress', bar(drProgress(dr), 'dr')));
    if (p.projectId === selected) row.classList.add('selected');
    row.addEventListener('click', e => { if (!e.target.closest('a')) location.hash = projectLink(p.projectId); });
    body.append(row);
  }
}

function renderAlerts(alerts, project) {
  document.querySelector('#alerts-scope').textContent = project ? `project ${project.slice(0, 12)}…` : 'all projects';
  const list = document.querySelector('#alerts');
  list.replaceChildren();
  if (alerts.length === 0) { list.append(el('li', { class: 'muted' }, project ? 'No alerts for this project.' : 'No alerts yet.')); return; }
  for (const a of alerts) {
    const when = new Date(a.raisedAt).toLocaleTimeString();
    list.append(el('li', { class: a.state === 'RESOLVED' ? 'RESOLVED' : a.severity, 'data-kind': a.kind, 'data-project': a.projectId },
      el('strong', {}, `${a.state === 'RESOLVED' ? 'RESOLVED' : a.severity} ${a.kind}`), el('br'),
      a.message, el('br'), el('span', { class: 'muted' }, `${when} · `,
        el('a', { href: jobLink(a.projectId, a.jobId) }, `job ${a.jobId.slice(0, 8)}`), ` · project ${a.projectId.slice(0, 8)}`)));
  }
}

function svgNode(tag, attrs, text) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text != null) node.textContent = text;
  return node;
}

function renderHistory(points) {
  const svg = document.querySelector('#history');
  svg.replaceChildren();
  const width = 720, height = 180, left = 34, bottom = 34, top = 10;
  const currentHour = Math.floor(Date.now() / 3600000) * 3600000;
  const byHour = new Map(points.map(p => [Date.parse(p.hourStart), p]));
  const slot = (width - left) / 24;
  const plot = height - bottom - top;
  for (let i = 0; i < 24; i++) {
    const hour = currentHour - (23 - i) * 3600000;
    const p = byHour.get(hour);
    if (i % 3 === 2 || i === 23) {
      // The time axis: every third hour, the hour it starts at.
      const x = left + i * slot + slot / 2;
      svg.append(svgNode('line', { x1: x, x2: x, y1: height - bottom, y2: height - bottom + 4, stroke: '#7a8190' }));
      svg.append(svgNode('text', { x, y: height - bottom + 16, 'font-size': 11, 'text-anchor': 'middle', class: 'hour' },
        new Date(hour).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
    }
    if (!p || p.passRate == null) continue;
    const h = plot * p.passRate;
    const rect = svgNode('rect', { x: left + i * slot + 2, y: height - bottom - h, width: slot - 4, height: Math.max(h, 1),
      fill: { good: '#2f9e6a', warn: '#e0a100', bad: '#c9423a' }[rateClass(p.passRate)] });
    rect.append(svgNode('title', {}, `${new Date(hour).toLocaleTimeString()}: ${p.passed}/${p.finished} passed`));
    svg.append(rect);
  }
  svg.append(svgNode('line', { x1: left, x2: width, y1: height - bottom, y2: height - bottom, stroke: '#7a8190' }));
  for (const [y, label] of [[top, '100%'], [top + plot / 2, '50%'], [height - bottom, '0%']]) {
    svg.append(svgNode('text', { x: 0, y: y + 4, 'font-size': 11 }, label));
  }
  svg.append(svgNode('text', { x: width, y: height - 2, 'font-size': 11, 'text-anchor': 'end', fill: '#7a8190' }, 'hour starting'));
}

function rows(tbody, items, cells) {
  const body = document.querySelector(tbody);
  body.replaceChildren();
  for (const item of items) body.append(el('tr', {}, ...cells(item).map(c => el('td', {}, c))));
}

// The project view's jobs: the page shown (its cursor, null for the first), the cursors of the pages
// before it (for Previous) and the next page's. A new project, filter, sort or page size starts again.
const paging = { key: null, cursor: null, before: [], next: null, seq: 0, shown: null };
// The jobs query last shown per project, for the job view's way back.
const lastQuery = new Map();

function jobsPath(projectId, query, cursor) {
  const params = [];
  if (query.states.length) params.push('state=' + query.states.join(','));
  if (query.region) params.push('region=' + encodeURIComponent(query.region));
  params.push('sort=' + query.sort, 'limit=' + query.limit);
  if (cursor) params.push('cursor=' + encodeURIComponent(cursor));
  return `/api/projects/${encodeURIComponent(projectId)}/jobs?` + params.join('&');
}

function jobsControls(projectId, query) {
  for (const chip of document.querySelectorAll('#state-filters button[data-state]')) {
    const st = chip.dataset.state;
    chip.setAttribute('aria-pressed', String(st === '' ? query.states.length === 0 : query.states.includes(st)));
  }
  document.querySelector('#jobs-sort').value = query.sort;
  const region = document.querySelector('#jobs-region');
  region.hidden = !query.region;
  region.replaceChildren();
  if (query.region) {
    region.append(`Region ${query.region} only · `, el('a', { href: projectViewLink(projectId, { ...query, region: null }) }, 'all regions'));
  }
}

const STATE_CLASS = { PASSED: 'good', FAILED: 'bad', ERROR: 'bad', RUNNING: 'running', INITIALIZING: 'running', DONE: 'good' };

/** Item names: the first few inline, all of them on hover. */
function itemNames(names) {
  if (!names || names.length === 0) return '';
  const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` +${names.length - 3} more` : '');
  return el('span', { class: 'names', title: names.join(', ') }, shown);
}

function jobRow(projectId, j, selected) {
  const pc = j.precheck || { state: 'NONE', failedItems: [], alarmItems: [] };
  const dr = j.drInit || { state: 'NONE' };
  const link = jobLink(j.projectId || projectId, j.jobId);
  const shortId = j.jobId.length > 12 ? j.jobId.slice(0, 8) + '…' : j.jobId;
  const cell = (label, cls, ...children) => el('td', { role: 'cell', 'data-label': label, class: cls }, el('div', { class: 'v' }, ...children));
  const failed = pc.failedItems || [], alarm = pc.alarmItems || [];
  const precheck = pc.state === 'NONE' ? el('span', { class: 'state muted' }, 'NONE')
    : el('span', { class: 'state ' + (STATE_CLASS[pc.state] || '') }, pc.state);
  const drState = dr.state === 'NONE' ? el('span', { class: 'dr-state muted' }, '–')
    : el('span', { class: 'dr-state ' + (STATE_CLASS[dr.state] || '') }, dr.state);
  const row = el('tr', { role: 'row', 'data-job': j.jobId, 'data-precheck-state': pc.state, 'data-dr-state': dr.state },
    cell('Job', 'job', el('a', { href: link, title: j.jobId }, j.name || shortId),
      j.name ? el('span', { class: 'muted id', title: j.jobId }, shortId) : ''),
    cell('Region', 'region', j.region || '–'),
    cell('Type', 'type', j.jobType || '–', j.direction ? el('span', { class: 'muted' }, ' ' + j.direction) : ''),
    cell('Pre-check', 'precheck', precheck, pc.passedRate != null ? bar(percentRatio(pc.passedRate)) : '',
      pc.apiFailing ? el('span', { class: 'tag api-failing', title: 'DRS calls for this job are failing' }, 'API failing') : ''),
    cell('Failed / alarm', 'items', el('span', { class: failed.length ? 'bad' : 'muted' }, `${failed.length} failed`), ' / ',
      el('span', { class: alarm.length ? 'warn' : 'muted' }, `${alarm.length} alarm`), itemNames([...failed, ...alarm])),
    cell('Runs', 'runs', el('span', { title: pc.lastRunRequestedAt ? 'last requested ' + pc.lastRunRequestedAt : null }, pc.runs == null ? '–' : pc.runs)),
    cell('DR initialization', 'dr', drState, dr.stalled ? el('span', { class: 'tag stalled' }, 'stalled') : '',
      dr.apiFailing ? el('span', { class: 'tag api-failing', title: 'DRS calls for this DR initialization are failing' }, 'API failing') : '',
      dr.state !== 'NONE' && dr.completionRatio != null ? bar(dr.completionRatio, 'dr') : ''),
    cell('Time to pass', 'ttp', j.timeToPassSeconds == null ? '–' : fmtDuration(j.timeToPassSeconds),
      j.runsToPass == null ? '' : el('span', { class: 'muted' }, ` in ${plural(j.runsToPass, 'run', 'runs')}`)),
    cell('Updated', 'updated', fmtTime(j.updatedAt)));
  if (j.jobId === selected) row.classList.add('selected');
  row.addEventListener('click', e => { if (!e.target.closest('a')) location.hash = link; });
  return row;
}

function jobsFailed(message) {
  paging.shown = null;
  document.querySelector('#jobs-total').textContent = '';
  const text = document.querySelector('#jobs-message');
  text.textContent = message;
  text.hidden = false;
  document.querySelector('#jobs-partial').hidden = true;
  document.querySelector('#jobs .scroll').hidden = true;
  document.querySelector('#jobs .pager').hidden = true;
}

/** The page of the project's jobs the paging state names, refreshed in place. */
async function renderJobs(projectId, jobId, query) {
  const key = projectId + '?' + queryString(query);
  if (paging.key !== key) Object.assign(paging, { key, cursor: null, before: [], next: null, shown: null });
  lastQuery.set(projectId, query);
  jobsControls(projectId, query);
  const seq = ++paging.seq;
  let page;
  try {
    page = await getJson(jobsPath(projectId, query, paging.cursor));
  } catch (e) {
    if (seq !== paging.seq) return;
    if (e.status === 400 && paging.cursor) {
      // A cursor the API no longer takes: back to the first page.
      Object.assign(paging, { cursor: null, before: [], next: null });
      return renderJobs(projectId, jobId, query);
    }
    jobsFailed(unavailable('Jobs', e));
    return;
  }
  if (seq !== paging.seq) return;
  if (!page || !Array.isArray(page.jobs)) { jobsFailed('Jobs: the answer has no job list.'); return; }
  paging.next = page.nextCursor || null;
  const shown = JSON.stringify([jobId, paging.cursor, page]);
  if (shown === paging.shown) return;
  paging.shown = shown;

  document.querySelector('#jobs-message').hidden = true;
  document.querySelector('#jobs .scroll').hidden = false;
  const total = Number.isInteger(page.total) ? page.total : null;
  document.querySelector('#jobs-total').textContent = total == null ? '' : plural(total, 'job', 'jobs') + (query.states.length ? ' in the chosen states' : '');
  const partial = document.querySelector('#jobs-partial');
  partial.hidden = !page.partial;
  const missing = (page.unavailable || []).map(u => typeof u === 'string' ? u : JSON.stringify(u)).join(', ');
  partial.textContent = page.partial ? 'Partial list: some jobs could not be read' + (missing ? ` (${missing})` : '') + '; counts may be low.' : '';

  const table = document.querySelector('#jobs-table');
  table.dataset.cursor = paging.cursor || '';
  const body = table.querySelector('tbody');
  body.replaceChildren();
  for (const j of page.jobs) body.append(jobRow(projectId, j, jobId));
  if (page.jobs.length === 0) {
    body.append(el('tr', { role: 'row', class: 'empty' }, el('td', { role: 'cell', colspan: 9 },
      paging.before.length ? 'No more jobs.' : query.states.length || query.region ? 'No job of this project matches the filter.' : 'No jobs yet.')));
  }

  const pages = total == null ? null : Math.max(1, Math.ceil(total / query.limit));
  const pageNo = paging.before.length + 1;
  document.querySelector('#jobs .pager').hidden = pageNo === 1 && !paging.next;
  document.querySelector('#jobs-page').textContent = `page ${pageNo}` + (pages ? ` of ${Math.max(pages, pageNo)}` : '');
  document.querySelector('#jobs-prev').disabled = paging.before.length === 0;
  document.querySelector('#jobs-next').disabled = !paging.next;
}

function jobsNow() {
  const r = route();
  if (r.project) renderJobs(r.project, r.job, r.query).catch(e => jobsFailed('Jobs: ' + e.message));
}

async function renderDetail(projectId, jobId, query) {
  const detail = document.querySelector('#detail');
  if (!projectId) { detail.hidden = true; return; }
  detail.hidden = false;
  document.querySelector('#detail-project').textContent = projectId;
  const project = encodeURIComponent(projectId);
  const [pc, dr, history] = await Promise.all([
    getJson(`/api/projects/${project}/precheck`).catch(() => null),
    getJson(`/api/projects/${project}/dr-init`).catch(() => null),
    getJson(`/api/projects/${project}/history?hours=24`).catch(() => ({ points: [] })),
    renderJobs(projectId, jobId, query).catch(e => jobsFailed('Jobs: ' + e.message))]);
  rows('#failing-items tbody', pc ? pc.topFailingItems : [], i => [i.item, i.group || '', i.failed, i.alarm]);
  rows('#directions tbody', pc ? pc.byDirection : [], d => [d.direction, d.jobs, d.passed, d.failed, d.inProgress]);
  rows('#object-types tbody', dr ? dr.objectTypes : [], t => [t.type, t.srcCount, t.dstCount, bar(t.completionRatio, 'dr')]);
  const oldest = document.querySelector('#oldest');
  oldest.replaceChildren();
  if (dr && dr.oldestRunningJobId) {
    oldest.append('Oldest running initialization: ', el('a', { href: jobLink(projectId, dr.oldestRunningJobId) }, `job ${dr.oldestRunningJobId}`),
      `, since ${new Date(dr.oldestRunningStartedAt).toLocaleString()}`);
  }
  renderHistory(history.points);
}

// The fleet home: totals, one tile per region, the items ranked by the jobs they affect. Each part
// is redrawn only when its answer changed (a click between two refreshes lands on the same element).
const fleetView = { seq: 0, totals: null, items: null };
// The latest ranking's rows by verdict and item: the item view's group and counts.
const rankedItems = new Map();

function fleetMessage(selector, text) {
  const message = document.querySelector(selector);
  message.textContent = text || '';
  message.hidden = !text;
}

function count(n, cls) {
  return el('span', { class: n ? cls : null }, n == null ? '–' : String(n));
}

function setStat(name, value, cls, ratio) {
  const stat = document.querySelector(`#fleet-totals .stat[data-stat="${name}"]`);
  const dd = stat.querySelector('dd');
  dd.textContent = value;
  dd.className = cls || '';
  if (ratio == null) stat.removeAttribute('data-ratio'); else stat.setAttribute('data-ratio', ratio);
}

function pct(ratio) {
  return ratio == null ? '–' : Math.round(ratio * 100) + '%';
}

function regionTile(r, fleet) {
  const pc = r.precheck || {}, dr = r.drInit || {};
  const selected = r.region != null && r.region === fleet.region;
  const body = [
    el('span', { class: 'tile-title' }, r.region || 'region not known'),
    el('span', { class: 'tile-line' }, plural(pc.jobs || 0, 'job', 'jobs'), ' · ', bar(pc.passRate == null ? null : pc.passRate)),
    el('span', { class: 'tile-line' }, count(pc.failed, 'bad'), ' failed · ', count(pc.running, 'running'), ' running · ',
      count(pc.error, 'bad'), ' errors', pc.apiFailing ? el('span', { class: 'tag api-failing' }, `${pc.apiFailing} API failing`) : ''),
    el('span', { class: 'tile-line muted' }, dr.jobs ? `DR: ${dr.initializing} initializing · ${dr.done} done` : 'no DR initialization',
      dr.failed ? el('span', { class: 'bad' }, ` · ${dr.failed} failed`) : '', dr.stalled ? el('span', { class: 'warn' }, ` · ${dr.stalled} stalled`) : '')];
  // A region is a filter: its tile links to the page filtered to it (the chosen one back to every region).
  const tile = r.region == null ? el('div', { class: 'tile unknown', title: 'Jobs whose region is not known: not a filter' }, ...body)
    : el('a', { class: 'tile', href: fleetLink({ ...fleet, region: selected ? null : r.region }), 'aria-current': selected ? 'true' : null,
      title: selected ? 'Show every region' : `Show region ${r.region} only` }, ...body);
  return el('li', { 'data-region': r.region == null ? '' : r.region, class: selected ? 'selected' : null }, tile);
}

function renderTotals(totals, fleet) {
  const pc = totals.precheck || {}, dr = totals.drInit || {};
  setStat('precheck.jobs', pc.jobs);
  setStat('precheck.passRate', pct(pc.passRate), pc.passRate == null ? '' : rateClass(pc.passRate), pc.passRate);
  setStat('precheck.failed', pc.failed, pc.failed ? 'bad' : '');
  setStat('precheck.running', pc.running, pc.running ? 'running' : '');
  setStat('precheck.error', pc.error, pc.error ? 'bad' : '');
  setStat('precheck.apiFailing', pc.apiFailing, pc.apiFailing ? 'warn' : '');
  setStat('drInit.jobs', dr.jobs);
  setStat('drInit.initializing', dr.initializing, dr.initializing ? 'running' : '');
  setStat('drInit.done', dr.done, dr.done ? 'good-text' : '');
  setStat('drInit.failed', dr.failed, dr.failed ? 'bad' : '');
  setStat('drInit.stalled', dr.stalled, dr.stalled ? 'warn' : '');
  document.querySelector('#fleet-updated').replaceChildren(totals.updatedAt ? el('span', {}, '· last change ', fmtTime(totals.updatedAt)) : '');
  // Engine as the job events named it (not known: none did); direction as DRS reports it.
  const counts = b => [b.precheck.jobs, b.precheck.passed, b.precheck.failed, b.drInit.jobs, b.drInit.initializing];
  rows('#fleet-engines tbody', totals.byEngine || [], b => [b.engine || 'not known', ...counts(b)]);
  rows('#fleet-directions tbody', totals.byDirection || [], b => [b.direction, ...counts(b)]);
  const regions = totals.byRegion || [];
  const tiles = document.querySelector('#fleet-regions');
  tiles.replaceChildren(...regions.map(r => regionTile(r, fleet)));
  if (regions.length === 0) tiles.append(el('li', { class: 'muted' }, 'No job known yet.'));
  if (fleet.region && !regions.some(r => r.region === fleet.region)) {
    tiles.append(el('li', { 'data-region': fleet.region, class: 'selected' }, el('a', { class: 'tile', href: fleetLink({ ...fleet, region: null }),
      'aria-current': 'true', title: 'Show every region' }, el('span', { class: 'tile-title' }, fleet.region),
      el('span', { class: 'tile-line muted' }, 'no job in this region'))));
  }
}

function itemRow(i, fleet) {
  const jobs = fleet.verdict === 'ALARM' ? i.alarmJobs : i.failedJobs;
  const other = fleet.verdict === 'ALARM' ? ['failed', i.failedJobs] : ['alarm', i.alarmJobs];
  const link = itemLink(i.item, { ...fleet, limit: null });
  const cell = (label, cls, ...children) => el('td', { 'data-label': label, class: cls }, el('div', { class: 'v' }, ...children));
  const row = el('tr', { 'data-item': i.item, 'data-jobs': jobs },
    cell('Item', 'item', el('a', { href: link }, i.item)),
    cell('Group', 'group', i.group || '–'),
    cell('Jobs', 'jobs', el('strong', { class: fleet.verdict === 'ALARM' ? 'warn' : 'bad' }, String(jobs)),
      other[1] ? el('span', { class: 'muted' }, ` · ${other[1]} ${other[0]}`) : ''),
    cell('Projects', 'projects', String(i.projects)),
    cell('Regions', 'regions', (i.regions || []).map(r => r == null ? 'not known' : r).join(', ') || '–'),
    cell('Top reasons', 'reasons', (i.topReasons || []).length === 0 ? el('span', { class: 'muted' }, '–')
      : el('ul', { class: 'reasons' }, ...i.topReasons.map(r => el('li', {}, el('span', { class: 'reason' }, r.failedReason),
        el('span', { class: 'muted' }, ` ${plural(r.jobs, 'job', 'jobs')}`))))));
  row.addEventListener('click', e => { if (!e.target.closest('a')) location.hash = link; });
  return row;
}

function renderItems(answer, fleet) {
  for (const i of answer.items) rankedItems.set(rankKey(i.item, fleet), i);
  const what = fleet.verdict === 'ALARM' ? 'alarm' : 'failing';
  document.querySelector('#fleet-items-total').textContent = `${plural(answer.itemsAffected, what + ' item', what + ' items')}` +
    (answer.itemsAffected > answer.items.length ? `, the ${answer.items.length} affecting the most jobs` : '');
  const body = document.querySelector('#fleet-items tbody');
  body.replaceChildren(...answer.items.map(i => itemRow(i, fleet)));
  if (answer.items.length === 0) {
    const other = fleet.verdict === 'ALARM' ? 'FAILED' : 'ALARM';
    body.append(el('tr', { class: 'empty' }, el('td', { colspan: 6 }, `No ${what} items`, fleet.region ? ` in region ${fleet.region}` : '',
      ' · ', el('a', { href: fleetLink({ ...fleet, verdict: other }) }, `see ${other.toLowerCase()} items`))));
  }
}

/** The fleet home's totals, region tiles and ranked items, for the region and verdict of the hash. */
async function renderFleet(fleet) {
  const seq = ++fleetView.seq;
  for (const chip of document.querySelectorAll('#verdict-filters button[data-verdict]')) {
    chip.setAttribute('aria-pressed', String(chip.dataset.verdict === fleet.verdict));
  }
  const note = document.querySelector('#fleet-region');
  note.hidden = !fleet.region;
  note.replaceChildren(fleet.region ? el('span', {}, `Region ${fleet.region} only · `,
    el('a', { href: fleetLink({ ...fleet, region: null }) }, 'all regions')) : '');
  const itemsPath = `/api/fleet/items?verdict=${fleet.verdict}&limit=${FLEET_ITEMS_SHOWN}` +
    (fleet.region ? '&region=' + encodeURIComponent(fleet.region) : '');
  const [totals, items] = await Promise.all([
    getJson('/api/fleet').catch(e => ({ failure: unavailable('Fleet totals', e) })),
    getJson(itemsPath).catch(e => ({ failure: unavailable('Check items', e) }))]);
  if (seq !== fleetView.seq) return;

  fleetMessage('#fleet-message', totals.failure || null);
  for (const part of ['#fleet-totals', '#regions-title', '#fleet-regions', '#fleet-breakdowns']) {
    document.querySelector(part).hidden = !!totals.failure;
  }
  if (!totals.failure) {
    const shown = JSON.stringify([fleet.region, fleet.verdict, totals]);
    if (shown !== fleetView.totals) { fleetView.totals = shown; renderTotals(totals, fleet); }
  } else {
    fleetView.totals = null;
  }

  const bad = items.failure || (!Array.isArray(items.items) ? 'Check items: the answer has no item list.' : null);
  fleetMessage('#fleet-items-message', bad);
  document.querySelector('#fleet-items-section .scroll').hidden = !!bad;
  if (bad) { fleetView.items = null; document.querySelector('#fleet-items-total').textContent = ''; return; }
  const shown = JSON.stringify([fleet.region, fleet.verdict, items]);
  if (shown !== fleetView.items) { fleetView.items = shown; renderItems(items, fleet); }
}

// The jobs an item affects: the page shown (its cursor, null for the first), the cursors before it, the next.
const itemPaging = { key: null, cursor: null, before: [], next: null, seq: 0, shown: null };

function itemJobsFailed(message) {
  itemPaging.shown = null;
  fleetMessage('#fleet-item-message', message);
  document.querySelector('#fleet-item .scroll').hidden = true;
  document.querySelector('#fleet-item .pager').hidden = true;
}

function itemJobRow(j) {
  const cell = (label, cls, ...children) => el('td', { 'data-label': label, class: cls }, el('div', { class: 'v' }, ...children));
  const link = jobLink(j.projectId, j.jobId);
  const row = el('tr', { 'data-job': j.jobId, 'data-project': j.projectId },
    cell('Project', 'project', projectLabel(j.projectId, projectNames.get(j.projectId), projectLink(j.projectId))),
    cell('Region', 'region', j.region || '–'),
    cell('Job', 'job', el('a', { href: link, title: j.jobId }, j.jobId)),
    cell('Verdict', 'verdict', el('span', { class: j.verdict === 'FAILED' ? 'bad' : 'warn' }, j.verdict)),
    cell('Reason', 'reason', j.failedReason || el('span', { class: 'muted' }, '–')),
    cell('Since', 'since', fmtTime(j.since)));
  row.addEventListener('click', e => { if (!e.target.closest('a')) location.hash = link; });
  return row;
}

/** Where the ranking's counts of an item are kept: per verdict and region, as GET /api/fleet/items gives them. */
function rankKey(item, fleet) {
  return [fleet.verdict, fleet.region || '', item].join(' ');
}

/** One page of the jobs with the item in the verdict (and region), with Previous and Next through the API's cursors. */
async function renderFleetItem(item, fleet) {
  const key = [item, fleet.verdict, fleet.region || '', fleet.limit].join(' ');
  if (itemPaging.key !== key) {
    Object.assign(itemPaging, { key, cursor: null, before: [], next: null, shown: null });
    document.querySelector('#fleet-item-jobs tbody').replaceChildren(el('tr', { class: 'empty' }, el('td', { colspan: 6 }, 'Loading…')));
    document.querySelector('#fleet-item .pager').hidden = true;
  }
  document.querySelector('#fleet-item-name').textContent = item;
  document.querySelector('#fleet-item-back').setAttribute('href', fleetLink(fleet));
  for (const chip of document.querySelectorAll('#item-verdict-filters button[data-verdict]')) {
    chip.setAttribute('aria-pressed', String(chip.dataset.verdict === fleet.verdict));
  }
  const rank = rankedItems.get(rankKey(item, fleet));
  const jobs = rank ? (fleet.verdict === 'ALARM' ? rank.alarmJobs : rank.failedJobs) : null;
  const what = (rank && rank.group ? `group ${rank.group} · ` : '') +
    (jobs == null ? 'the jobs ' : `${plural(jobs, 'job', 'jobs')} in ${plural(rank.projects, 'project', 'projects')} `) +
    (fleet.verdict === 'ALARM' ? 'with the item in ALARM' : 'failing the item');
  document.querySelector('#fleet-item-summary').replaceChildren(what, ...(fleet.region
    ? [` in region ${fleet.region} · `, el('a', { id: 'fleet-item-all-regions', href: itemLink(item, { ...fleet, region: null }) }, 'every region')]
    : [', every region']));
  const seq = ++itemPaging.seq;
  let page;
  try {
    page = await getJson(`/api/fleet/items/${encodeURIComponent(item)}?verdict=${fleet.verdict}&limit=${fleet.limit}` +
      (fleet.region ? '&region=' + encodeURIComponent(fleet.region) : '') + (itemPaging.cursor ? '&cursor=' + encodeURIComponent(itemPaging.cursor) : ''));
  } catch (e) {
    if (seq !== itemPaging.seq) return;
    if ((e.status === 400 || e.status === 404) && itemPaging.cursor) {
      // A cursor the API no longer takes, or a page emptied since: back to the first page.
      Object.assign(itemPaging, { cursor: null, before: [], next: null });
      return renderFleetItem(item, fleet);
    }
    if (e.status === 404) {
      itemJobsFailed(`No job has ${item} ${fleet.verdict}${fleet.region ? ' in region ' + fleet.region : ''} now.`);
      document.querySelector('#fleet-item-jobs tbody').replaceChildren();
      return;
    }
    itemJobsFailed(unavailable('Affected jobs', e));
    return;
  }
  if (seq !== itemPaging.seq) return;
  if (!page || !Array.isArray(page.jobs)) { itemJobsFailed('Affected jobs: the answer has no job list.'); return; }
  itemPaging.next = page.nextCursor || null;
  const shown = JSON.stringify([itemPaging.cursor, page, [...projectNames]]);
  if (shown === itemPaging.shown) return;
  itemPaging.shown = shown;
  fleetMessage('#fleet-item-message', null);
  document.querySelector('#fleet-item .scroll').hidden = false;
  const table = document.querySelector('#fleet-item-jobs');
  table.dataset.cursor = itemPaging.cursor || '';
  const body = table.querySelector('tbody');
  body.replaceChildren(...page.jobs.map(itemJobRow));
  if (page.jobs.length === 0) body.append(el('tr', { class: 'empty' }, el('td', { colspan: 6 }, 'No more jobs.')));
  const pageNo = itemPaging.before.length + 1;
  document.querySelector('#fleet-item .pager').hidden = pageNo === 1 && !itemPaging.next;
  document.querySelector('#item-jobs-page').textContent = `page ${pageNo}`;
  document.querySelector('#item-jobs-prev').disabled = itemPaging.before.length === 0;
  document.querySelector('#item-jobs-next').disabled = !itemPaging.next;
}

function itemJobsNow() {
  const r = route();
  if (r.fleetItem) renderFleetItem(r.fleetItem, r.fleet).catch(e => itemJobsFailed('Affected jobs: ' + e.message));
}

// The job view's run timeline: the runs answer shown (not redrawn while unchanged) and which runs'
// "all check items" lists are open, so that a refresh keeps them open.
const runsView = { job: null, shown: null, seq: 0, open: new Set() };

const DIFF_GROUPS = [
  ['fixed', 'Fixed', 'fixed', true],
  ['newly-failing', 'Newly failing', 'newlyFailing', true],
  ['still-failing', 'Still failing', 'stillFailing', true],
  ['newly-alarm', 'Newly alarm', 'newlyAlarm', false],
  ['still-alarm', 'Still alarm', 'stillAlarm', false]];

/** One group of a run's items: its name and count, then the names (the reason on hover), or "none". */
function diffGroup(cls, group, label, names, reasons) {
  const list = names || [];
  return el('div', { class: 'group ' + cls, 'data-group': group },
    el('span', { class: 'group-name' }, `${label} (${list.length})`),
    list.length === 0 ? el('span', { class: 'muted' }, ' none')
      : el('ul', { class: 'items' }, ...list.map(n => el('li', { title: reasons.get(n) || null }, n))));
}

function runItem(run) {
  const items = run.items || [];
  const reasons = new Map(items.map(i => [i.item, i.failedReason]));
  const diff = run.diff || {};
  const first = !diff.previousRunRequestedAt;
  const key = String(run.runRequestedAt);
  const head = el('div', { class: 'run-head' },
    el('span', {}, 'requested ', el('strong', {}, fmtTime(run.runRequestedAt))),
    el('span', { class: 'verdict ' + (run.passed ? 'good' : 'bad') }, run.passed ? 'PASSED' : 'FAILED'),
    el('span', {}, 'took ' + fmtDuration(run.durationSeconds)),
    run.totalPassedRate != null ? el('span', { title: 'items passed' }, bar(percentRatio(run.totalPassedRate))) : '',
    run.mode ? el('span', { class: 'muted' }, run.mode) : '');
  const groups = el('div', { class: 'diff' });
  if (first) {
    groups.append(el('p', { class: 'first-run' }, 'first run', el('span', { class: 'muted' }, ' · no earlier run to compare with')));
    const failing = items.filter(i => i.verdict === 'FAILED').map(i => i.item);
    const alarm = items.filter(i => i.verdict === 'ALARM').map(i => i.item);
    if (failing.length) groups.append(diffGroup('newly-failing', 'failing', 'Failing', failing, reasons));
    if (alarm.length) groups.append(diffGroup('newly-alarm', 'alarm', 'Alarm', alarm, reasons));
  } else {
    for (const [cls, label, field, always] of DIFF_GROUPS) {
      if (always || (diff[field] || []).length) groups.append(diffGroup(cls, cls, label, diff[field], reasons));
    }
    groups.append(el('p', { class: 'muted compared' }, 'compared with the run requested ', fmtTime(diff.previousRunRequestedAt)));
  }
  const li = el('li', { class: 'run ' + (run.passed ? 'passed' : 'failed'), 'data-run': key, 'data-first': first ? 'true' : null }, head, groups);
  if (items.length) {
    const table = el('table', {}, el('thead', {}, el('tr', {}, ...['Item', 'Group', 'Verdict', 'Reason'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, ...items.map(i => el('tr', {}, el('td', {}, i.item), el('td', {}, i.group || ''),
        el('td', {}, el('span', { class: { FAILED: 'bad', ALARM: 'warn', PASSED: 'good-text' }[i.verdict] || '' }, i.verdict)),
        el('td', {}, i.failedReason || '')))));
    li.append(el('details', { 'data-key': key, open: runsView.open.has(key) ? '' : null },
      el('summary', {}, `all ${plural(items.length, 'check item', 'check items')}`), el('div', { class: 'scroll' }, table)));
  }
  return li;
}

function runsFailed(message) {
  runsView.shown = null;
  document.querySelector('#job-runs-count').textContent = '';
  document.querySelector('#runs').replaceChildren();
  const text = document.querySelector('#job-runs-message');
  text.textContent = message;
  text.hidden = false;
}

/** The job's finished pre-check runs, newest first, each with what changed since the run before. */
async function renderRuns(jobId) {
  if (runsView.job !== jobId) Object.assign(runsView, { job: jobId, shown: null, open: new Set() });
  const seq = ++runsView.seq;
  let answer;
  try {
    answer = await getJson(`/api/jobs/${encodeURIComponent(jobId)}/runs?limit=${RUNS_SHOWN}`);
  } catch (e) {
    if (seq === runsView.seq) runsFailed(unavailable('Run history', e));
    return;
  }
  if (seq !== runsView.seq) return;
  if (!answer || !Array.isArray(answer.runs)) { runsFailed('Run history: the answer has no run list.'); return; }
  const shown = JSON.stringify(answer.runs);
  if (shown === runsView.shown) return;
  runsView.shown = shown;
  const n = answer.runs.length;
  document.querySelector('#job-runs-count').textContent = plural(n, 'run', 'runs') + (n >= RUNS_SHOWN ? ' (the newest)' : '');
  const message = document.querySelector('#job-runs-message');
  message.hidden = n > 0;
  message.textContent = n > 0 ? '' : 'No finished pre-check run yet.';
  document.querySelector('#runs').replaceChildren(...answer.runs.map(runItem));
}

async function renderJob(projectId, jobId) {
  const section = document.querySelector('#job');
  if (!jobId) { section.hidden = true; runsView.job = null; return; }
  section.hidden = false;
  document.querySelector('#job-id').textContent = jobId;
  document.querySelector('#job-back').setAttribute('href', projectViewLink(projectId, lastQuery.get(projectId)));
  const runs = renderRuns(jobId).catch(e => runsFailed('Run history: ' + e.message));
  const missing = document.querySelector('#job-missing');
  let job;
  try {
    job = await getJson(`/api/jobs/${encodeURIComponent(jobId)}`);
    missing.hidden = true;
  } catch (e) {
    missing.textContent = `No job ${jobId} in the summaries (${e.message}).`;
    missing.hidden = false;
    job = { precheck: null, drInit: null };
  }
  const pc = job.precheck, dr = job.drInit;
  document.querySelector('#job-precheck').hidden = !pc;
  document.querySelector('#job-dr').hidden = !dr;
  if (pc) {
    document.querySelector('#job-precheck-status').textContent = `${pc.status}${pc.complete ? '' : ' (running)'} · ` +
      `${pc.processPercent == null ? '–' : pc.processPercent + '% done'} · items passed ${pc.totalPassedRatePercent == null ? '–' : pc.totalPassedRatePercent + '%'}` +
      ` · observed ${new Date(pc.observedAt).toLocaleString()}` + (pc.errorCode ? ` · DRS error ${pc.errorCode}: ${pc.errorMsg || ''}` : '');
    const items = [...pc.failedItems.map(i => ({ ...i, verdict: 'FAILED' })), ...pc.alarmItems.map(i => ({ ...i, verdict: 'ALARM' }))];
    rows('#job-items tbody', items, i => [i.item, i.group || '', el('span', { class: i.verdict === 'FAILED' ? 'bad' : 'warn' }, i.verdict),
      i.failedReason || '']);
    if (items.length === 0) {
      document.querySelector('#job-items tbody').append(el('tr', {}, el('td', { colspan: 4, class: 'muted' },
        pc.complete ? 'Every check item passed.' : 'No FAILED or ALARM item so far.')));
    }
  }
  if (dr) {
    document.querySelector('#job-dr-status').replaceChildren(el('span', { class: dr.status === 'FAILED' ? 'bad' : '' }, dr.status),
      dr.stalled ? el('span', { class: 'warn' }, ' · stalled') : '',
      dr.startedAt ? ` · started ${new Date(dr.startedAt).toLocaleString()}` : '',
      dr.lastProgressAt ? ` · last progress ${new Date(dr.lastProgressAt).toLocaleString()}` : '',
      dr.errorCode ? ` · DRS error ${dr.errorCode}: ${dr.errorMessage || ''}` : '');
    rows('#job-object-types tbody', dr.objectTypes, t => [t.type, t.srcCount, t.dstCount,
      bar(t.srcCount === 0 ? (t.completed ? 1 : 0) : Math.min(t.dstCount, t.srcCount) / t.srcCount, 'dr')]);
  }
  await runs;
}

async function renderHealth() {
  const health = document.querySelector('#health');
  try {
    const status = await fetch('/health', { cache: 'no-store' }).then(r => r.json());
    health.textContent = status.status;
    health.className = 'pill ' + (status.status === 'UP' ? 'up' : 'down');
  } catch (e) {
    health.textContent = 'waiting: ' + e.message;
    health.className = 'pill down';
  }
}

async function refreshAlerts(project) {
  const alertsPath = project ? `/api/alerts?limit=30&projectId=${encodeURIComponent(project)}` : '/api/alerts?limit=30';
  try {
    renderAlerts((await getJson(alertsPath)).alerts, project);
  } catch (e) {
    // The alerts shown stay; the health pill says what is wrong.
  }
}

/** Every part of the view the hash names; each part says itself when its answer fails (a 503 while starting). */
async function refresh() {
  const r = route();
  const { project, job, query } = r;
  document.querySelector('#fleet').hidden = !r.home;
  document.querySelector('#fleet-item').hidden = !r.fleetItem;
  document.querySelector('#projects-section').hidden = !!r.fleetItem;
  // A job view keeps the project's jobs as they were: same filters, same page.
  const jobsQuery = job && lastQuery.has(project) ? lastQuery.get(project) : query;
  document.title = 'drs-monitor · ' + (job ? `job ${job}` : project ? `project ${projectNames.get(project) || project}`
    : r.fleetItem ? `${r.fleetItem} ${r.fleet.verdict}` : 'fleet' + (r.fleet.region ? ` · ${r.fleet.region}` : ''));
  await Promise.all([renderHealth(), refreshAlerts(project),
    renderProjectList(r.home ? r.fleet.region : null, project),
    r.home ? renderFleet(r.fleet).catch(e => fleetMessage('#fleet-message', 'Fleet: ' + e.message)) : null,
    r.fleetItem ? renderFleetItem(r.fleetItem, r.fleet).catch(e => itemJobsFailed('Affected jobs: ' + e.message)) : null,
    renderJob(project, job), renderDetail(project, job, jobsQuery)]);
  document.querySelector('#updated').textContent = 'updated ' + new Date().toLocaleTimeString();
}

// The jobs' filters, sort and pages: filters and sort go to the hash (a filtered view can be linked),
// pages stay here (cursors are the API's, and short-lived).
document.querySelector('#state-filters').addEventListener('click', e => {
  const chip = e.target.closest('button[data-state]');
  const r = route();
  if (!chip || !r.project) return;
  const st = chip.dataset.state;
  const states = st === '' ? [] : r.query.states.includes(st) ? r.query.states.filter(x => x !== st) : [...r.query.states, st];
  location.hash = projectViewLink(r.project, { ...r.query, states: JOB_STATES.filter(x => states.includes(x)) });
});
document.querySelector('#jobs-sort').addEventListener('change', e => {
  const r = route();
  if (r.project) location.hash = projectViewLink(r.project, { ...r.query, sort: e.target.value });
});
document.querySelector('#jobs-next').addEventListener('click', () => {
  if (!paging.next) return;
  paging.before.push(paging.cursor);
  paging.cursor = paging.next;
  paging.next = null;
  document.querySelector('#jobs-next').disabled = true;
  jobsNow();
});
document.querySelector('#jobs-prev').addEventListener('click', () => {
  if (paging.before.length === 0) return;
  paging.cursor = paging.before.pop();
  paging.next = null;
  document.querySelector('#jobs-prev').disabled = true;
  jobsNow();
});
// The fleet's verdict toggles go to the hash, the affected jobs' pages stay here (as the project's jobs).
document.querySelector('#verdict-filters').addEventListener('click', e => {
  const chip = e.target.closest('button[data-verdict]');
  const r = route();
  if (chip && r.home) location.hash = fleetLink({ ...r.fleet, verdict: chip.dataset.verdict });
});
document.querySelector('#item-verdict-filters').addEventListener('click', e => {
  const chip = e.target.closest('button[data-verdict]');
  const r = route();
  if (chip && r.fleetItem) location.hash = itemLink(r.fleetItem, { ...r.fleet, verdict: chip.dataset.verdict });
});
document.querySelector('#item-jobs-next').addEventListener('click', () => {
  if (!itemPaging.next) return;
  itemPaging.before.push(itemPaging.cursor);
  itemPaging.cursor = itemPaging.next;
  itemPaging.next = null;
  document.querySelector('#item-jobs-next').disabled = true;
  itemJobsNow();
});
document.querySelector('#item-jobs-prev').addEventListener('click', () => {
  if (itemPaging.before.length === 0) return;
  itemPaging.cursor = itemPaging.before.pop();
  itemPaging.next = null;
  document.querySelector('#item-jobs-prev').disabled = true;
  itemJobsNow();
});
document.querySelector('#runs').addEventListener('toggle', e => {
  const key = e.target.dataset && e.target.dataset.key;
  if (!key) return;
  if (e.target.open) runsView.open.add(key); else runsView.open.delete(key);
}, true);

window.addEventListener('hashchange', refresh);
refresh();
setInterval(refresh, REFRESH_MS);

// Say plainly when DRS is the built-in simulator, and that the demo's stall threshold is short.
fetch('/api/info', { cache: 'no-store' }).then(r => r.json()).then(info => {
  if (info.drs !== 'simulated') return;
  const mode = document.querySelector('#mode');
  mode.textContent = 'Simulated DRS' + (info.demoEvents ? ` (demo: a DR initialization counts as stalled after ${info.drStallSeconds} s without progress; 10 min for real DRS)` : '');
  mode.hidden = false;
}).catch(() => {});

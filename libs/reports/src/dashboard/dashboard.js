/* global document, fetch, URLSearchParams, URL, setTimeout */
// The coordinators' dashboard: plain script, no build step, no framework. The access token
// lives in this closure only (never in storage); the refresh token is an httpOnly cookie the
// script never sees, spent for a new access token when one expires (every 10 minutes). Everything shown
// comes from /v1/reports, which never carries a name; text from the server is set as
// textContent, never as HTML.
(function () {
  'use strict';

  const SVG = 'http://www.w3.org/2000/svg';
  const URGENCIES = ['critical', 'high', 'normal', 'low'];
  const TYPE_LABELS = {
    detention: 'detention',
    document_check: 'document check',
    eviction: 'eviction',
    expulsion_order: 'expulsion order',
    deportation: 'deportation',
    entry_ban: 'entry ban',
    registration_cancelled: 'registration cancelled',
    workplace_raid: 'workplace raid',
    hate_violence: 'hate violence',
    labour_exploitation: 'labour exploitation',
    document_confiscation: 'document confiscation',
    mvd_expulsion: 'expulsion by the Interior Ministry',
    controlled_persons_registry: 'controlled-persons registry',
    other: 'other',
  };

  let token = null;
  // The browser's zone, when the API accepts it (whole-hour offsets); UTC otherwise.
  let timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  const $ = (id) => document.getElementById(id);

  function el(name, attrs, text) {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Drawn at the container's own width in pixels, so labels keep their size on any screen.
  function widthOf(target, fallback) {
    return Math.max(260, Math.round(target.clientWidth || fallback));
  }

  function svg(width, height) {
    return el('svg', {
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      preserveAspectRatio: 'xMinYMin meet',
    });
  }

  function send(path, options) {
    return fetch(path, {
      ...options,
      headers: {
        Accept: 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(options && options.headers),
      },
      cache: 'no-store',
      credentials: 'same-origin',
    });
  }

  // The access token expired: the refresh cookie (httpOnly, this origin's /v1/auth only) gets
  // the next one, once; a session that has ended logs out.
  async function refreshed() {
    const res = await fetch('/v1/auth/refresh', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{}',
      cache: 'no-store',
      credentials: 'same-origin',
    }).catch(() => null);
    if (!res || !res.ok) return false;
    token = (await res.json()).accessToken;
    return true;
  }

  async function api(path, options) {
    let res = await send(path, options);
    if (res.status === 401 && token && (await refreshed())) res = await send(path, options);
    if (res.status === 401 && token) {
      logout('Your session ended; log in again.');
      throw new Error('unauthenticated');
    }
    return res;
  }

  async function report(path, params) {
    const query = new URLSearchParams({ ...params, tz: timeZone });
    let res = await api(`/v1/reports/${path}?${query}`);
    if (res.status === 400 && timeZone !== 'UTC') {
      const body = await res.json();
      if ((body.details || []).some((d) => d.field === 'tz' || /time zone/.test(d.problem || ''))) {
        timeZone = 'UTC';
        return report(path, params);
      }
      throw new Error(body.message);
    }
    if (!res.ok) throw new Error(`The ${path} report answered ${res.status}`);
    return res.json();
  }

  function today() {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date());
  }

  function daysBefore(isoDate, days) {
    const d = new Date(`${isoDate}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - days);
    return d.toISOString().slice(0, 10);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function empty(target, text) {
    const box = svg(320, 40);
    box.appendChild(el('text', { x: 0, y: 24, class: 'empty' }, text));
    clear(target).appendChild(box);
  }

  // Columns per day: logged and closed side by side.
  function drawDays(target, rows) {
    const w = widthOf(target, 720);
    const h = 220;
    const left = 28;
    const bottom = 22;
    const max = Math.max(1, ...rows.map((r) => Math.max(r.opened, r.closed)));
    const step = (w - left) / Math.max(1, rows.length);
    const bar = Math.max(1, step / 2 - 1);
    const chart = svg(w, h);
    const y = (v) => h - bottom - (v / max) * (h - bottom - 10);
    chart.appendChild(el('line', { x1: left, x2: w, y1: h - bottom, y2: h - bottom, class: 'axis' }));
    chart.appendChild(el('text', { x: 0, y: 14 }, String(max)));
    chart.appendChild(el('text', { x: 0, y: h - bottom }, '0'));
    rows.forEach((r, i) => {
      const x = left + i * step;
      const opened = el('rect', {
        x,
        y: y(r.opened),
        width: bar,
        height: h - bottom - y(r.opened),
        class: 'bar-opened',
      });
      opened.appendChild(el('title', {}, `${r.key}: ${r.opened} logged`));
      const closed = el('rect', {
        x: x + bar,
        y: y(r.closed),
        width: bar,
        height: h - bottom - y(r.closed),
        class: 'bar-closed',
      });
      closed.appendChild(el('title', {}, `${r.key}: ${r.closed} closed`));
      chart.append(opened, closed);
      // A date every week, counted back from the last day so the newest is always labelled.
      if ((rows.length - 1 - i) % 7 === 0) {
        const last = i === rows.length - 1;
        const at = { x: last ? x + 2 * bar : x, y: h - 6, 'text-anchor': last ? 'end' : 'start' };
        chart.appendChild(el('text', at, r.key.slice(5)));
      }
    });
    clear(target).appendChild(chart);
  }

  // Horizontal bars with a label and a value: types, lawyers.
  function drawBars(target, items, emptyText) {
    if (items.length === 0) return empty(target, emptyText);
    const w = widthOf(target, 420);
    const row = 24;
    const labelWidth = 150;
    const max = Math.max(1, ...items.map((i) => i.value));
    const chart = svg(w, items.length * row + 4);
    items.forEach((item, i) => {
      const y = i * row;
      const width = Math.max(2, (item.value / max) * (w - labelWidth - 40));
      chart.appendChild(el('text', { x: 0, y: y + 15 }, item.label));
      const rect = el('rect', {
        x: labelWidth,
        y: y + 4,
        width,
        height: row - 8,
        rx: 3,
        class: item.className || 'bar-plain',
      });
      rect.appendChild(el('title', {}, `${item.label}: ${item.value}`));
      chart.appendChild(rect);
      chart.appendChild(
        el('text', { x: labelWidth + width + 6, y: y + 15, class: 'value' }, String(item.value)),
      );
    });
    clear(target).appendChild(chart);
  }

  // One stacked bar per age bucket, split by urgency.
  function drawBacklog(target, byAge) {
    const w = widthOf(target, 420);
    const row = 26;
    const labelWidth = 60;
    const max = Math.max(1, ...byAge.map((b) => b.total));
    const chart = svg(w, byAge.length * row + 4);
    byAge.forEach((bucket, i) => {
      const y = i * row;
      chart.appendChild(el('text', { x: 0, y: y + 16 }, bucket.age));
      let x = labelWidth;
      for (const urgency of URGENCIES) {
        const width = (bucket[urgency] / max) * (w - labelWidth - 40);
        if (width <= 0) continue;
        const rect = el('rect', { x, y: y + 4, width, height: row - 8, class: `bar-${urgency}` });
        rect.appendChild(el('title', {}, `${bucket.age}, ${urgency}: ${bucket[urgency]}`));
        chart.appendChild(rect);
        x += width;
      }
      chart.appendChild(el('text', { x: x + 6, y: y + 16, class: 'value' }, String(bucket.total)));
    });
    clear(target).appendChild(chart);
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return 'no data yet';
    if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
    if (seconds < 172800) return `${(seconds / 3600).toFixed(1)} h`;
    return `${(seconds / 86400).toFixed(1)} days`;
  }

  const shortId = (id) => (id ? id.slice(0, 8) : '—');

  async function load() {
    $('status').textContent = 'Loading…';
    const day = today();
    const from30 = daysBefore(day, 29);
    const [todayByType, days, types, backlog] = await Promise.all([
      report('load', { from: day, to: day, groupBy: 'appealType' }),
      report('load', { from: from30, to: day, groupBy: 'day' }),
      report('load', { from: from30, to: day, groupBy: 'appealType' }),
      report('backlog', { from: from30, to: day }),
    ]);

    $('today-opened').textContent = todayByType.totals.opened;
    $('today-closed').textContent = todayByType.totals.closed;
    $('today-open').textContent = todayByType.totals.open;
    const pills = clear($('today-types'));
    for (const row of todayByType.rows.filter((r) => r.opened > 0)) {
      const li = document.createElement('li');
      li.textContent = `${TYPE_LABELS[row.key] || row.key}: ${row.opened}`;
      pills.appendChild(li);
    }

    drawDays($('days-chart'), days.rows);
    drawBars(
      $('types-chart'),
      types.rows
        .filter((r) => r.opened > 0)
        .map((r) => ({ label: TYPE_LABELS[r.key] || String(r.key), value: r.opened })),
      'No appeals in the last 30 days',
    );

    drawBacklog($('backlog-chart'), backlog.open.byAge);
    const u = backlog.open.byUrgency;
    $('backlog-total').textContent =
      `${backlog.open.total} open: ${u.critical} critical, ${u.high} high, ${u.normal} normal, ${u.low} low`;

    $('overdue-deadlines').textContent = backlog.overdue.deadlines.total;
    $('overdue-tasks').textContent = backlog.overdue.tasks.total;
    const list = clear($('overdue-list'));
    for (const d of backlog.overdue.deadlines.oldest) {
      const tr = document.createElement('tr');
      const due = new Date(d.dueAt).toLocaleString(undefined, {
        timeZone,
        dateStyle: 'short',
        timeStyle: 'short',
      });
      const cells = [
        d.caseNumber,
        due,
        d.source === 'legal' ? d.kind || 'legal' : 'case deadline',
        d.assigneeName || shortId(d.assigneeId),
      ];
      cells.forEach((text, i) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (i === 3) td.className = 'id';
        tr.appendChild(td);
      });
      list.appendChild(tr);
    }
    if (backlog.overdue.deadlines.oldest.length === 0) {
      const tr = document.createElement('tr');
      const td = document.createElement('td');
      td.colSpan = 4;
      td.textContent = 'No overdue deadlines';
      tr.appendChild(td);
      list.appendChild(tr);
    }
    $('medians').textContent =
      `Median time from intake, last 30 days: to first contact ${duration(backlog.timeToFirstContact.medianSeconds)}` +
      ` (${backlog.timeToFirstContact.waiting} waiting), to first lawyer action ` +
      `${duration(backlog.timeToFirstLawyerAction.medianSeconds)}.`;

    const lawyers = backlog.caseload.lawyers.map((l) => ({
      label: l.lawyerName || `lawyer ${shortId(l.lawyerId)}`,
      value: l.open,
    }));
    if (backlog.caseload.unassigned > 0) {
      lawyers.push({ label: 'unassigned', value: backlog.caseload.unassigned, className: 'bar-high' });
    }
    drawBars($('caseload-chart'), lawyers, 'No open cases');

    $('status').textContent = `Updated ${new Date().toLocaleTimeString()} · days in ${timeZone}`;
    document.body.dataset.loaded = 'true';
  }

  async function exportMonth(event) {
    event.preventDefault();
    const [y, m] = $('export-month').value.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const first = `${$('export-month').value}-01`;
    const query = new URLSearchParams({
      from: first,
      to: last,
      groupBy: $('export-group').value,
      tz: timeZone,
    });
    const res = await api(`/v1/reports/load?${query}`, { headers: { Accept: 'text/csv' } });
    if (!res.ok) {
      $('status').textContent = `The export failed (${res.status})`;
      return;
    }
    const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '');
    const link = $('export-link');
    link.href = URL.createObjectURL(await res.blob());
    link.download = name ? name[1] : 'huquq-load.csv';
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  function show(loggedIn) {
    $('login').hidden = loggedIn;
    $('dashboard').hidden = !loggedIn;
    $('logout').hidden = !loggedIn;
    $('refresh').hidden = !loggedIn;
  }

  function logout(message) {
    if (token) {
      // Ends the session on the server too (its cookie is cleared by the answer).
      fetch('/v1/auth/logout', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: '{}',
        credentials: 'same-origin',
      }).catch(() => undefined);
    }
    token = null;
    $('who').textContent = '';
    show(false);
    $('login-error').textContent = message || '';
  }

  async function login(event) {
    event.preventDefault();
    const form = event.target;
    $('login-error').textContent = '';
    const res = await api('/v1/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        email: form.email.value,
        password: form.password.value,
        ...(form.otp.value ? { otp: form.otp.value.trim() } : {}),
      }),
    }).catch(() => null);
    if (!res || !res.ok) {
      const problem = res && res.status === 401 ? (await res.json().catch(() => ({}))).error : null;
      if (problem === 'second_factor_required') $('otp-label').hidden = false;
      $('login-error').textContent =
        res && res.status === 429
          ? 'Too many attempts; wait a little.'
          : problem === 'second_factor_required'
            ? 'Enter the one-time code of your authenticator app (or a recovery code).'
            : 'Wrong email, password or code.';
      return;
    }
    const body = await res.json();
    if (body.user.role !== 'coordinator' && body.user.role !== 'admin') {
      $('login-error').textContent = 'The dashboard is for coordinators and admins.';
      return;
    }
    token = body.accessToken;
    form.password.value = '';
    form.otp.value = '';
    $('who').textContent = body.user.role;
    show(true);
    await load().catch((error) => ($('status').textContent = `Could not load the reports: ${error.message}`));
  }

  document.addEventListener('DOMContentLoaded', () => {
    const now = new Date();
    $('export-month').value = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    $('login-form').addEventListener('submit', login);
    $('export-form').addEventListener('submit', (e) => exportMonth(e).catch(() => undefined));
    $('logout').addEventListener('click', () => logout());
    $('refresh').addEventListener('click', () =>
      load().catch((error) => ($('status').textContent = error.message)),
    );
  });
})();

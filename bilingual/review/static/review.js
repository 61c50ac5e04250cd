/* bilingual review page: the index, the document view and the decisions.
   Document data only ever enters the DOM as text nodes (createTextNode / textContent) or as the value
   of a data-* attribute; nothing is parsed as HTML, and no URL from a document becomes a link. */
(function () {
  "use strict";

  const SUMMARY = JSON.parse(document.getElementById("summary").textContent);
  const META = SUMMARY.meta || {};
  const DOCS = SUMMARY.docs || [];
  const FAILED = SUMMARY.failed || [];
  const PAGE_SIZE = 100;
  const BINS = 20;
  const RTL = new Set(["ar", "fa", "ur"]);
  const STORE_KEY = "bilingual-review/" + META.review_id;
  // Bidi embedding/override/isolate controls: shown as labelled marks, each in its own isolate so it
  // cannot reorder anything around it.
  const CONTROL_NAMES = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
  };
  const CONTROL_RE = /[\u202a-\u202e\u2066-\u2069]/g;
  // Handles, hashtags and URLs: isolated so that their # @ and slashes stay with them in either direction.
  const TOKEN_RE = /(?:https?:\/\/|www\.)[^\s<>"“”«»]+|pic\.twitter\.com\/[^\s]+|[@#][\p{L}\p{M}\p{N}_]+/gu;

  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) appendText(e, String(text));
    return e;
  };
  const fmt = (x) => (x === null || x === undefined ? "–" : Number(x).toFixed(2));
  const num = (n) => n.toLocaleString("en");

  /* ---- text ------------------------------------------------------------------------------------ */

  /** Append a string as text, with bidi controls shown as isolated, labelled marks. */
  function appendText(parent, s) {
    CONTROL_RE.lastIndex = 0;
    if (!CONTROL_RE.test(s)) {
      parent.appendChild(document.createTextNode(s));
      return;
    }
    let pos = 0;
    CONTROL_RE.lastIndex = 0;
    let m;
    while ((m = CONTROL_RE.exec(s)) !== null) {
      if (m.index > pos) parent.appendChild(document.createTextNode(s.slice(pos, m.index)));
      parent.appendChild(controlMark(m[0]));
      pos = m.index + 1;
    }
    if (pos < s.length) parent.appendChild(document.createTextNode(s.slice(pos)));
  }

  /** An isolated, labelled span for one bidi control (the caller adds the character itself). */
  function controlSpan(ch) {
    const span = document.createElement("span");
    span.className = "ctl";
    const code = "U+" + ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    const name = CONTROL_NAMES[ch] || code;
    span.setAttribute("data-n", name);
    span.title = name + " (" + code + "): a bidi control in the text, shown, not applied";
    return span;
  }

  function controlMark(ch) {
    const span = controlSpan(ch);
    span.appendChild(document.createTextNode(ch));
    return span;
  }

  /** Marks found in the text itself: tokens (handles, hashtags, URLs) and bidi controls. */
  function textMarks(text, s, e, out) {
    const part = text.slice(s, e);
    let m;
    TOKEN_RE.lastIndex = 0;
    while ((m = TOKEN_RE.exec(part)) !== null) {
      out.push({ s: s + m.index, e: s + m.index + m[0].length, rank: 4, type: "tok" });
    }
    CONTROL_RE.lastIndex = 0;
    while ((m = CONTROL_RE.exec(part)) !== null) {
      out.push({ s: s + m.index, e: s + m.index + 1, rank: 5, type: "ctl" });
    }
    return out;
  }

  /**
   * Render text[s:e] into parent, nesting an element for each mark over the stretch it covers.
   * Marks are {s, e, rank, type, ...}; a lower rank is the outer element. Elements are opened and
   * closed like a stack, so every mark is one element unless a mark of lower rank ends inside it.
   */
  function renderRange(parent, text, s, e, marks, make) {
    const ms = [];
    for (const m of marks) {
      const a = Math.max(m.s, s), b = Math.min(m.e, e);
      if (a < b) ms.push(a === m.s && b === m.e ? m : Object.assign({}, m, { s: a, e: b, orig: m.orig || m }));
    }
    textMarks(text, s, e, ms);
    const cuts = new Set([s, e]);
    for (const m of ms) { cuts.add(m.s); cuts.add(m.e); }
    const points = Array.from(cuts).sort((x, y) => x - y);
    ms.sort((x, y) => x.rank - y.rank || x.s - y.s || y.e - x.e);
    const stack = [{ m: null, node: parent }];
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const cover = ms.filter((m) => m.s <= a && m.e >= b);
      let depth = 0;
      while (depth + 1 < stack.length && depth < cover.length && stack[depth + 1].m === cover[depth]) depth++;
      stack.length = depth + 1;
      for (let j = depth; j < cover.length; j++) {
        const node = make(cover[j]);
        stack[stack.length - 1].node.appendChild(node);
        stack.push({ m: cover[j], node: node });
      }
      stack[stack.length - 1].node.appendChild(document.createTextNode(text.slice(a, b)));
    }
  }

  /** The element of a mark found in the text itself, or of a script run from the segmenter. */
  function makeBasic(m, text) {
    if (m.type === "ctl") return controlSpan(text.charAt(m.s));
    const b = document.createElement("bdi");
    if (m.type === "run") {
      b.dir = m.dir;
      if (/^[a-z]{2,3}$/.test(m.lang)) b.lang = m.lang;
    } else b.className = "tok";
    return b;
  }

  /** Text with its handles, hashtags and URLs isolated and its bidi controls shown (for the cards). */
  function richText(parent, text) {
    renderRange(parent, text, 0, text.length, [], (m) => makeBasic(m, text));
  }

  /* ---- decisions ------------------------------------------------------------------------------- */

  const decisions = new Map(); // key -> "accept" | "reject"
  let storageOK = true;
  const keyOf = (docId, as, ae, es, ee) => JSON.stringify([docId, as, ae, es, ee]);
  const pairKey = (i, j) => {
    const p = DOCS[i].pairs[j];
    return keyOf(DOCS[i].id, p[3], p[4], p[5], p[6]);
  };

  function loadDecisions() {
    let stored = null;
    try {
      stored = window.localStorage.getItem(STORE_KEY);
    } catch (err) {
      storageOK = false;
    }
    if (stored) {
      try {
        const obj = JSON.parse(stored);
        for (const k of Object.keys(obj)) if (obj[k] === "accept" || obj[k] === "reject") decisions.set(k, obj[k]);
        return;
      } catch (err) { /* a broken entry: start from the page's own */ }
    }
    for (const d of META.decisions || []) {
      if (d[5] === "accept" || d[5] === "reject") decisions.set(keyOf(d[0], d[1], d[2], d[3], d[4]), d[5]);
    }
  }

  let saveTimer = null;
  function save() {
    if (saveTimer !== null) return;
    saveTimer = setTimeout(saveNow, 150);
  }
  function saveNow() {
    if (saveTimer !== null) { clearTimeout(saveTimer); saveTimer = null; }
    if (!storageOK) return;
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(Object.fromEntries(decisions)));
    } catch (err) {
      storageOK = false;
      say("This browser would not save the decisions: they live in this tab only. Download them before closing it.");
    }
  }
  window.addEventListener("pagehide", saveNow);

  function setDecision(i, j, value) {
    const k = pairKey(i, j);
    if (value) decisions.set(k, value);
    else decisions.delete(k);
    save();
    updateTotals();
    if (view.doc === i) paintPair(j);
  }

  function decisionLines() {
    const lines = [];
    const known = new Set();
    DOCS.forEach((d, i) => {
      const order = d.pairs.map((p, j) => j).sort((x, y) => d.pairs[x][3] - d.pairs[y][3] || d.pairs[x][5] - d.pairs[y][5]);
      for (const j of order) {
        const k = pairKey(i, j);
        known.add(k);
        const v = decisions.get(k);
        const p = d.pairs[j];
        if (v) lines.push(JSON.stringify({ doc_id: d.id, ar_span: [p[3], p[4]], en_span: [p[5], p[6]], decision: v }));
      }
    });
    // Decisions loaded from a file for pairs this review does not hold: kept, so nothing is lost.
    const extra = Array.from(decisions.keys()).filter((k) => !known.has(k)).sort();
    for (const k of extra) {
      const [id, as, ae, es, ee] = JSON.parse(k);
      lines.push(JSON.stringify({ doc_id: id, ar_span: [as, ae], en_span: [es, ee], decision: decisions.get(k) }));
    }
    return lines;
  }

  function download() {
    const lines = decisionLines();
    const blob = new Blob([lines.join("\n") + (lines.length ? "\n" : "")], { type: "application/x-ndjson" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "decisions.jsonl";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 2000);
    say("Downloaded " + num(lines.length) + " decisions.");
  }

  function loadFile(file) {
    const reader = new FileReader();
    reader.onload = () => {
      let n = 0, bad = 0;
      const lines = String(reader.result).split(/\r?\n/);
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          const d = JSON.parse(line);
          if ((d.decision === "accept" || d.decision === "reject") && Array.isArray(d.ar_span) && Array.isArray(d.en_span)) {
            decisions.set(keyOf(String(d.doc_id), d.ar_span[0], d.ar_span[1], d.en_span[0], d.en_span[1]), d.decision);
            n++;
          } else bad++;
        } catch (err) { bad++; }
      }
      save();
      updateTotals();
      route();
      say("Loaded " + num(n) + " decisions" + (bad ? "; " + num(bad) + " lines were not decisions" : "") + ".");
    };
    reader.readAsText(file);
  }

  let lastBulk = null;
  function bulkAccept() {
    const x = parseFloat($("bulk-x").value);
    if (!(x >= 0 && x <= 1)) { say("Give a score between 0 and 1."); return; }
    const keys = [];
    DOCS.forEach((d, i) => d.pairs.forEach((p, j) => {
      const k = pairKey(i, j);
      if (p[0] !== null && p[0] >= x && !decisions.has(k)) { decisions.set(k, "accept"); keys.push(k); }
    }));
    lastBulk = keys;
    save();
    updateTotals();
    route();
    const msg = el("span", null, "Accepted " + num(keys.length) + " undecided pairs scoring " + x.toFixed(2) + " or more. ");
    const undo = el("button", null, "undo");
    undo.type = "button";
    undo.addEventListener("click", () => {
      for (const k of lastBulk || []) if (decisions.get(k) === "accept") decisions.delete(k);
      lastBulk = null;
      save(); updateTotals(); route();
      say("Undone.");
    });
    msg.appendChild(undo);
    say(msg);
  }

  function say(msg) {
    const s = $("status");
    s.textContent = "";
    if (typeof msg === "string") s.textContent = msg;
    else s.appendChild(msg);
  }

  /* ---- filters and the index ------------------------------------------------------------------- */

  const F = { min: 0, max: 1, kind: "", unit: "", dec: "", unp: false, q: "" };
  let filtered = [];
  let page = 0;

  const pairFilterOn = () => F.min > 0 || F.max < 1 || F.kind !== "" || F.unit !== "" || F.dec !== "";
  function pairPasses(i, j) {
    const p = DOCS[i].pairs[j];
    const s = p[0] === null ? 0 : p[0];
    if (s < F.min || s > F.max) return false;
    if (F.kind !== "" && String(p[1]) !== F.kind) return false;
    if (F.unit !== "" && String(p[2]) !== F.unit) return false;
    if (F.dec !== "" && (decisions.get(pairKey(i, j)) || "undecided") !== F.dec) return false;
    return true;
  }
  function docPasses(i) {
    const d = DOCS[i];
    if (F.unp && d.unpaired.length === 0) return false;
    if (F.q !== "" && !String(d.id).toLowerCase().includes(F.q) && !String(d.source).toLowerCase().includes(F.q)) {
      return false;
    }
    if (!pairFilterOn()) return true;
    for (let j = 0; j < d.pairs.length; j++) if (pairPasses(i, j)) return true;
    // A score range alone also finds unpaired Arabic by its best candidate's score (the histogram's
    // orange part), so that a click on any bar lists documents.
    if (F.kind === "" && F.unit === "" && F.dec === "") {
      for (const s of d.unpaired) if (s !== null && s >= F.min && s <= F.max) return true;
    }
    return false;
  }
  function refilter() {
    filtered = [];
    for (let i = 0; i < DOCS.length; i++) if (docPasses(i)) filtered.push(i);
  }

  function readFilters() {
    const lo = parseFloat($("f-min").value), hi = parseFloat($("f-max").value);
    F.min = lo >= 0 && lo <= 1 ? lo : 0;
    F.max = hi >= 0 && hi <= 1 ? hi : 1;
    F.kind = $("f-kind").value;
    F.unit = $("f-unit").value;
    F.dec = $("f-dec").value;
    F.unp = $("f-unp").checked;
    F.q = $("f-q").value.trim().toLowerCase();
    refilter();
    page = 0;
    route();
  }

  function fillSelect(id, column) {
    const values = new Set();
    for (const d of DOCS) for (const p of d.pairs) values.add(String(p[column]));
    const sel = $(id);
    for (const v of Array.from(values).sort()) {
      const o = document.createElement("option");
      o.value = v;
      o.textContent = v === "null" ? "(not given)" : v;
      sel.appendChild(o);
    }
  }

  function updateTotals() {
    let pairs = 0, unp = 0, acc = 0, rej = 0;
    for (const d of DOCS) { pairs += d.pairs.length; unp += d.unpaired.length; }
    for (const v of decisions.values()) { if (v === "accept") acc++; else rej++; }
    const t = $("totals");
    t.textContent = "";
    t.appendChild(document.createTextNode(
      num(DOCS.length) + " documents · " + num(pairs) + " pairs · " + num(unp) + " unpaired Arabic" +
      (FAILED.length ? " · " + num(FAILED.length) + " failed" : "") + " · decided: "));
    t.appendChild(el("span", "ok", "✓ " + num(acc)));
    t.appendChild(document.createTextNode(" "));
    t.appendChild(el("span", "no", "✗ " + num(rej)));
    $("download").textContent = "download decisions.jsonl (" + num(acc + rej) + ")";
  }

  function histogram() {
    const p = new Array(BINS).fill(0), u = new Array(BINS).fill(0);
    const bin = (s) => Math.min(BINS - 1, Math.max(0, Math.floor(s * BINS)));
    for (const d of DOCS) {
      for (const x of d.pairs) if (x[0] !== null) p[bin(x[0])]++;
      for (const s of d.unpaired) if (s !== null) u[bin(s)]++;
    }
    const top = Math.max(1, ...p.map((x, i) => x + u[i]));
    const box = $("hist");
    box.textContent = "";
    box.setAttribute("aria-label", "histogram of pair scores and of unpaired Arabic's best candidate scores");
    for (let i = 0; i < BINS; i++) {
      const lo = i / BINS, hi = (i + 1) / BINS;
      const b = el("div", "bin");
      b.title = lo.toFixed(2) + "–" + hi.toFixed(2) + ": " + num(p[i]) + " pairs, " + num(u[i]) + " unpaired";
      b.dataset.lo = String(lo);
      b.dataset.hi = String(hi);
      const bp = el("div", "p"), bu = el("div", "u");
      bp.style.height = (p[i] ? Math.max(1, (100 * p[i]) / top) : 0) + "%";
      bu.style.height = (u[i] ? Math.max(1, (100 * u[i]) / top) : 0) + "%";
      b.appendChild(bp);
      b.appendChild(bu);
      b.addEventListener("click", () => {
        $("f-min").value = lo.toFixed(2);
        $("f-max").value = hi.toFixed(2);
        readFilters();
      });
      box.appendChild(b);
    }
    if (typeof META.threshold === "number") {
      const t = el("div", "thr");
      t.style.left = META.threshold * 100 + "%";
      t.title = "the aligner's threshold, " + META.threshold.toFixed(2);
      box.appendChild(t);
    }
    const axis = el("div");
    axis.id = "hist-axis";
    for (const v of ["0", "0.25", "0.5", "0.75", "1"]) axis.appendChild(el("span", null, v));
    box.after(axis);
  }

  function paintHistogram() {
    for (const b of $("hist").querySelectorAll(".bin")) {
      const lo = parseFloat(b.dataset.lo), hi = parseFloat(b.dataset.hi);
      b.classList.toggle("out", hi <= F.min || lo > F.max);
    }
  }

  function renderIndex() {
    paintHistogram();
    const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
    page = Math.min(page, pages - 1);
    $("index-count").textContent = num(filtered.length) + " of " + num(DOCS.length) + " documents" +
      (pairFilterOn() || F.unp || F.q ? " pass the filters" : "");
    const body = document.querySelector("#index tbody");
    const rows = document.createDocumentFragment();
    for (const i of filtered.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE)) {
      const d = DOCS[i];
      const tr = document.createElement("tr");
      tr.tabIndex = 0;
      tr.dataset.i = String(i);
      tr.appendChild(el("td", "num", i + 1));
      const name = el("td");
      name.appendChild(el("div", "id", d.id));
      name.appendChild(el("div", "src", d.source));
      tr.appendChild(name);
      let shown = 0, acc = 0, rej = 0;
      d.pairs.forEach((p, j) => {
        if (!pairFilterOn() || pairPasses(i, j)) shown++;
        const v = decisions.get(pairKey(i, j));
        if (v === "accept") acc++;
        else if (v === "reject") rej++;
      });
      tr.appendChild(el("td", "num", pairFilterOn() ? shown + " / " + d.pairs.length : d.pairs.length));
      tr.appendChild(el("td", "num", d.unpaired.length));
      const strip = el("span", "strip");
      for (const p of d.pairs.slice(0, 40)) {
        const bar = el("i");
        bar.style.height = Math.max(8, (p[0] || 0) * 100) + "%";
        bar.title = "pair " + fmt(p[0]);
        strip.appendChild(bar);
      }
      for (const s of d.unpaired.slice(0, 20)) {
        const bar = el("i", "u");
        bar.style.height = Math.max(8, (s || 0) * 100) + "%";
        bar.title = "unpaired, best " + fmt(s);
        strip.appendChild(bar);
      }
      const sc = el("td");
      sc.appendChild(strip);
      tr.appendChild(sc);
      const dec = el("td", "num");
      if (acc) dec.appendChild(el("span", "ok", "✓" + acc + " "));
      if (rej) dec.appendChild(el("span", "no", "✗" + rej + " "));
      dec.appendChild(document.createTextNode(acc + rej ? "of " + d.pairs.length : "–"));
      tr.appendChild(dec);
      rows.appendChild(tr);
    }
    body.textContent = "";
    body.appendChild(rows);
    const pager = $("pager");
    pager.textContent = "";
    if (pages > 1) {
      const prev = el("button", null, "← previous");
      prev.type = "button";
      prev.disabled = page === 0;
      prev.addEventListener("click", () => { page--; renderIndex(); });
      const next = el("button", null, "next →");
      next.type = "button";
      next.disabled = page >= pages - 1;
      next.addEventListener("click", () => { page++; renderIndex(); });
      pager.appendChild(prev);
      pager.appendChild(el("span", null, "page " + (page + 1) + " of " + pages));
      pager.appendChild(next);
    }
  }

  function renderFailed() {
    if (!FAILED.length) return;
    const box = $("failed");
    box.hidden = false;
    box.querySelector("summary").textContent = num(FAILED.length) + " documents could not be read or aligned";
    const ul = box.querySelector("ul");
    for (const f of FAILED) {
      const li = el("li");
      li.appendChild(el("bdi", null, f.source || f.doc_id));
      li.appendChild(document.createTextNode(": "));
      li.appendChild(el("bdi", null, f.reason));
      ul.appendChild(li);
    }
  }

  /* ---- one document ---------------------------------------------------------------------------- */

  const cache = new Map();
  function payload(i) {
    if (cache.has(i)) return cache.get(i);
    const node = document.getElementById("d" + i);
    if (!node) return null;
    const p = JSON.parse(node.textContent);
    if (cache.size > 40) cache.delete(cache.keys().next().value);
    cache.set(i, p);
    return p;
  }

  const view = { doc: null, P: null, sel: null, unp: null, pending: null };
  const pairColor = (k) => "hsl(" + ((k * 137.508 + 200) % 360).toFixed(1) + " 85% 82%)";

  function blockDir(lang) {
    if (RTL.has(lang)) return "rtl";
    if (lang === "mixed" || lang === "und") return "auto";
    return "ltr";
  }

  function renderDocText(P, host) {
    host.textContent = "";
    const text = P.text;
    const marks = [];
    P.pairs.forEach((p, k) => {
      marks.push({ s: p.r[0], e: p.r[1], rank: 1, type: "ar", k: k });
      marks.push({ s: p.r[2], e: p.r[3], rank: 1, type: "en", k: k });
    });
    P.unpaired.forEach((u, k) => {
      marks.push({ s: u.r[0], e: u.r[1], rank: 1, type: "un", k: k });
      if (u.best_en) marks.push({ s: u.best_en[0], e: u.best_en[1], rank: 2, type: "cand", k: k });
    });
    for (const r of P.runs) marks.push({ s: r[0], e: r[1], rank: 3, type: "run", dir: r[2], lang: r[3] });
    const firsts = new Set();
    const make = (m) => {
      const o = m.orig || m;
      if (o.type === "ar" || o.type === "en" || o.type === "un") {
        const mk = document.createElement("mark");
        mk.className = "hl " + o.type;
        if (o.type === "un") mk.setAttribute("data-un", String(o.k));
        else {
          mk.setAttribute("data-pair", String(o.k));
          mk.setAttribute("data-side", o.type);
          mk.style.setProperty("--c", pairColor(o.k));
        }
        if (o.type !== "en") { mk.dir = "rtl"; mk.lang = "ar"; }
        const id = (o.type === "un" ? "u" : "p") + o.k + "-" + o.type;
        if (!firsts.has(id)) { firsts.add(id); mk.id = id; }
        return mk;
      }
      if (o.type === "cand") {
        const span = document.createElement("span");
        span.className = "cand";
        span.setAttribute("data-cand", String(o.k));
        return span;
      }
      return makeBasic(m, text);
    };
    const frag = document.createDocumentFragment();
    let pos = 0;
    P.blocks.forEach((b, bi) => {
      if (b[0] > pos) gap(frag, text, pos, b[0], marks, make);
      const [s, e, kind, lang, extra] = b;
      const div = document.createElement("div");
      div.className = "blk";
      if (/^[a-z]+$/.test(kind)) div.classList.add("k-" + kind);
      div.dir = extra.dir === "rtl" || extra.dir === "ltr" ? extra.dir : blockDir(lang);
      if (/^[a-z]{2,3}$/.test(lang) && lang !== "und") div.lang = lang;
      div.setAttribute("data-block", String(bi));
      const tags = [];
      if (kind === "furniture") {
        div.classList.add("furn");
        tags.push("furniture" + (extra.reason ? ": " + extra.reason : ""));
      }
      if ((extra.flags || []).includes("duplicate") || extra.dup_of !== undefined) {
        div.classList.add("dup");
        tags.push("repeat");
      }
      if (kind === "tweet" && (extra.handle || extra.author)) {
        tags.push("tweet" + (extra.handle ? " @" + extra.handle : ""));
      }
      if (tags.length) div.setAttribute("data-tag", tags.join(" · "));
      renderRange(div, text, s, e, marks, make);
      frag.appendChild(div);
      pos = Math.max(pos, e);
    });
    if (pos < text.length) gap(frag, text, pos, text.length, marks, make);
    host.appendChild(frag);
  }

  /** Text between blocks: blank lines become space; anything else (never expected) is shown greyed. */
  function gap(frag, text, s, e, marks, make) {
    const t = text.slice(s, e);
    if (/\S/.test(t)) {
      const div = document.createElement("div");
      div.className = "blk unseg";
      div.dir = "auto";
      renderRange(div, text, s, e, marks, make);
      frag.appendChild(div);
      return;
    }
    const breaks = (t.match(/\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]/g) || []).length;
    for (let i = 1; i < Math.min(breaks, 4); i++) frag.appendChild(el("div", "gap"));
  }

  function who(meta) {
    const span = el("span", "who");
    if (meta.author) span.appendChild(el("bdi", null, meta.author));
    if (meta.handle) { span.appendChild(document.createTextNode(" ")); span.appendChild(el("bdi", null, "@" + meta.handle)); }
    if (meta.date) span.appendChild(document.createTextNode(" " + meta.date));
    if (meta.url) {
      // The post's status URL: a link only when it is http(s); anything else stays inert text.
      span.appendChild(document.createTextNode(" "));
      if (/^https?:\/\//i.test(meta.url)) {
        const a = el("a", "status", "status");
        a.href = meta.url; a.target = "_blank"; a.rel = "noopener noreferrer"; a.title = meta.url;
        span.appendChild(a);
      } else {
        span.appendChild(el("bdi", null, meta.url));
      }
    }
    return span;
  }

  function textPara(cls, text, rtl) {
    const p = el("p", cls);
    if (rtl) { p.dir = "rtl"; p.lang = "ar"; } else { p.dir = "auto"; }
    richText(p, text);
    return p;
  }

  function evidenceTable(ev) {
    const table = el("table");
    for (const k of Object.keys(ev)) {
      const v = ev[k];
      const tr = el("tr");
      tr.appendChild(el("td", null, k));
      let s;
      if (typeof v === "number") s = Number.isInteger(v) ? String(v) : v.toFixed(3);
      else if (Array.isArray(v)) s = v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ");
      else if (v && typeof v === "object") s = JSON.stringify(v);
      else s = String(v);
      tr.appendChild(el("td", null, s));
      table.appendChild(tr);
    }
    return table;
  }

  function renderPanel(P, i, panel) {
    panel.textContent = "";
    const text = P.text;
    panel.appendChild(el("h2", null, "Pairs (" + P.pairs.length + ")"));
    const list = el("ol");
    list.id = "pairs";
    if (!P.pairs.length) panel.appendChild(el("p", "panel-empty", "No pairs in this document."));
    P.pairs.forEach((p, k) => {
      const li = el("li", "card");
      li.setAttribute("data-pair", String(k));
      li.tabIndex = 0;
      li.style.setProperty("--c", pairColor(k));
      const head = el("div", "card-head");
      head.appendChild(el("span", "score", fmt(p.score)));
      if (p.kind) head.appendChild(el("span", "tag", p.kind));
      if (p.unit) head.appendChild(el("span", "tag", p.unit));
      head.appendChild(who(p.meta || {}));
      li.appendChild(head);
      li.appendChild(textPara("ar", text.slice(p.r[0], p.r[1]), true));
      li.appendChild(textPara("en", text.slice(p.r[2], p.r[3]), false));
      const act = el("div", "card-actions");
      const acc = el("button", "a", "✓ accept");
      acc.type = "button";
      acc.addEventListener("click", (ev) => { ev.stopPropagation(); select(k); setDecision(i, k, "accept"); });
      const rej = el("button", "r", "✗ reject");
      rej.type = "button";
      rej.addEventListener("click", (ev) => { ev.stopPropagation(); select(k); setDecision(i, k, "reject"); });
      const clr = el("button", null, "clear");
      clr.type = "button";
      clr.addEventListener("click", (ev) => { ev.stopPropagation(); select(k); setDecision(i, k, null); });
      act.appendChild(acc);
      act.appendChild(rej);
      act.appendChild(clr);
      act.appendChild(el("span", "state"));
      li.appendChild(act);
      const det = el("details", "ev");
      det.appendChild(el("summary", null, "evidence"));
      det.addEventListener("toggle", () => {
        if (det.open && det.children.length === 1) det.appendChild(evidenceTable(p.evidence || {}));
      });
      det.addEventListener("click", (ev) => ev.stopPropagation());
      li.appendChild(det);
      li.addEventListener("click", () => select(k));
      list.appendChild(li);
    });
    panel.appendChild(list);
    if (P.unpaired.length) {
      panel.appendChild(el("h2", null, "Unpaired Arabic (" + P.unpaired.length + ")"));
      const ul = el("ol");
      ul.id = "unpaired";
      P.unpaired.forEach((u, k) => {
        const li = el("li", "card un");
        li.setAttribute("data-un", String(k));
        li.tabIndex = 0;
        const head = el("div", "card-head");
        head.appendChild(el("span", "score", "best " + fmt(u.best_score)));
        if (u.unit) head.appendChild(el("span", "tag", u.unit));
        li.appendChild(head);
        li.appendChild(textPara("ar", text.slice(u.r[0], u.r[1]), true));
        li.appendChild(el("p", "reason", "left unpaired: " + u.reason));
        if (u.best_en) {
          const best = textPara("en", text.slice(u.best_en[0], u.best_en[1]), false);
          best.insertBefore(el("span", "tag", "best candidate"), best.firstChild);
          li.appendChild(best);
        }
        li.addEventListener("click", () => selectUnpaired(k));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
  }

  function paintPair(k) {
    const P = view.P;
    if (!P) return;
    const v = decisions.get(pairKey(view.doc, k));
    const out = pairFilterOn() && !pairPasses(view.doc, k);
    for (const node of document.querySelectorAll('[data-pair="' + k + '"]')) {
      node.classList.toggle("acc", v === "accept");
      node.classList.toggle("rej", v === "reject");
      node.classList.toggle("out", out);
    }
    const card = document.querySelector('#pairs [data-pair="' + k + '"]');
    if (card) card.querySelector(".state").textContent = v === "accept" ? "accepted" : v === "reject" ? "rejected" : "";
  }

  function visiblePairs() {
    const P = view.P;
    if (!P) return [];
    const out = [];
    for (let k = 0; k < P.pairs.length; k++) if (!pairFilterOn() || pairPasses(view.doc, k)) out.push(k);
    return out;
  }

  function clearSelection() {
    for (const node of document.querySelectorAll("#doc-view .sel")) node.classList.remove("sel");
    for (const node of document.querySelectorAll("#doc-text .cand.show")) node.classList.remove("show");
  }

  /** Select pair k everywhere; scroll the text to it unless it was clicked there. */
  function select(k, fromClick) {
    clearSelection();
    view.sel = k;
    view.unp = null;
    for (const node of document.querySelectorAll('#doc-view [data-pair="' + k + '"]')) node.classList.add("sel");
    const ar = $("p" + k + "-ar"), card = document.querySelector('#pairs [data-pair="' + k + '"]');
    if (ar && !fromClick) ar.scrollIntoView({ block: "center" });
    if (card) card.scrollIntoView({ block: "nearest" });
  }

  function selectUnpaired(k) {
    clearSelection();
    view.sel = null;
    view.unp = k;
    for (const node of document.querySelectorAll('#doc-view [data-un="' + k + '"]')) node.classList.add("sel");
    for (const node of document.querySelectorAll('#doc-text [data-cand="' + k + '"]')) node.classList.add("show");
    const ar = $("u" + k + "-un");
    if (ar) ar.scrollIntoView({ block: "center" });
  }

  function showDoc(i) {
    const P = payload(i);
    if (!P) {
      if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", () => showDoc(i), { once: true });
        $("doc-title").textContent = "loading…";
        $("index-view").hidden = true;
        $("doc-view").hidden = false;
        return;
      }
      say("This review holds no document " + (i + 1) + ".");
      showIndex();
      return;
    }
    view.doc = i;
    view.P = P;
    view.sel = null;
    view.unp = null;
    $("index-view").hidden = true;
    $("doc-view").hidden = false;
    const title = $("doc-title");
    title.textContent = "";
    title.appendChild(el("bdi", null, P.id));
    title.appendChild(document.createTextNode(" "));
    title.appendChild(el("bdi", "src", P.source));
    title.appendChild(document.createTextNode(" · " + (i + 1) + " of " + DOCS.length));
    renderDocText(P, $("doc-text"));
    renderPanel(P, i, $("panel"));
    for (let k = 0; k < P.pairs.length; k++) paintPair(k);
    window.scrollTo(0, 0);
    const vis = visiblePairs();
    if (view.pending === "first" && vis.length) select(vis[0]);
    else if (view.pending === "last" && vis.length) select(vis[vis.length - 1]);
    view.pending = null;
  }

  function showIndex() {
    view.doc = null;
    view.P = null;
    $("doc-view").hidden = true;
    $("index-view").hidden = false;
    renderIndex();
  }

  function route(hash) {
    const m = /^#d=(\d+)$/.exec(hash === undefined ? location.hash : hash);
    if (m && +m[1] < DOCS.length) showDoc(+m[1]);
    else showIndex();
  }

  // Views change at once (keys pressed right after must find the new view), and the address follows, so
  // that the browser's back button and reloading keep their place; the hashchange this causes is skipped.
  let ownHash = null;
  function go(hash) {
    if (location.hash !== hash && !(hash === "" && location.hash === "#")) {
      ownHash = hash;
      location.hash = hash;
    }
    route(hash);
  }

  function openDoc(i, pending) {
    view.pending = pending || null;
    go("#d=" + i);
  }

  /* ---- navigation -------------------------------------------------------------------------------- */

  function neighbourDoc(from, dir, needPairs) {
    let pos = filtered.indexOf(from);
    if (pos < 0) {
      pos = filtered.findIndex((x) => x > from);
      if (pos < 0) pos = filtered.length;
      if (dir > 0) pos -= 1;
    }
    for (let q = pos + dir; q >= 0 && q < filtered.length; q += dir) {
      const i = filtered[q];
      if (!needPairs) return i;
      const d = DOCS[i];
      for (let j = 0; j < d.pairs.length; j++) if (!pairFilterOn() || pairPasses(i, j)) return i;
    }
    return null;
  }

  function nextPair(dir) {
    if (view.doc === null) {
      const i = neighbourDoc(-1, 1, true);
      if (i !== null) openDoc(i, "first");
      return;
    }
    const vis = visiblePairs();
    const cur = view.sel === null ? -1 : vis.indexOf(view.sel);
    let q;
    if (cur < 0) q = dir > 0 ? vis.findIndex((k) => view.sel === null || k > view.sel) : vis.length - 1;
    else q = cur + dir;
    if (q >= 0 && q < vis.length) { select(vis[q]); return; }
    const i = neighbourDoc(view.doc, dir, true);
    if (i !== null) openDoc(i, dir > 0 ? "first" : "last");
    else say(dir > 0 ? "That was the last pair." : "That was the first pair.");
  }

  function nextDoc(dir) {
    const i = view.doc === null ? neighbourDoc(-1, 1, false) : neighbourDoc(view.doc, dir, false);
    if (i !== null) openDoc(i);
  }

  function decideKey(value) {
    if (view.doc === null) return;
    if (view.sel === null) { nextPair(1); if (view.sel === null) return; }
    setDecision(view.doc, view.sel, value);
    nextPair(1);
  }

  function toggleHelp() {
    const h = $("help");
    h.hidden = !h.hidden;
    $("help-btn").setAttribute("aria-expanded", String(!h.hidden));
  }

  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) {
      if (ev.key === "Escape") t.blur();
      return;
    }
    switch (ev.key) {
      case "j": nextPair(1); break;
      case "k": nextPair(-1); break;
      case "a": decideKey("accept"); break;
      case "r": case "x": decideKey("reject"); break;
      case "u": decideKey(null); break;
      case "n": nextDoc(1); break;
      case "p": nextDoc(-1); break;
      case "Escape": case "i":
        if (!$("help").hidden) toggleHelp();
        else go("");
        break;
      case "?": toggleHelp(); break;
      case "Enter":
        if (t && t.dataset && t.dataset.i !== undefined) openDoc(+t.dataset.i);
        else if (t && t.classList && t.classList.contains("card")) t.click();
        else return;
        break;
      default: return;
    }
    ev.preventDefault();
  });

  /* ---- wiring -------------------------------------------------------------------------------------- */

  $("doc-text").addEventListener("click", (ev) => {
    const hit = ev.target.closest("[data-pair],[data-un]");
    if (!hit) return;
    if (hit.hasAttribute("data-pair")) select(+hit.getAttribute("data-pair"), true);
    else selectUnpaired(+hit.getAttribute("data-un"));
  });
  document.querySelector("#index tbody").addEventListener("click", (ev) => {
    const tr = ev.target.closest("tr");
    if (tr && tr.dataset.i !== undefined) openDoc(+tr.dataset.i);
  });
  for (const id of ["f-min", "f-max", "f-kind", "f-unit", "f-dec", "f-unp"]) $(id).addEventListener("change", readFilters);
  $("f-q").addEventListener("input", readFilters);
  $("f-reset").addEventListener("click", () => {
    $("f-min").value = "0"; $("f-max").value = "1";
    $("f-kind").value = ""; $("f-unit").value = ""; $("f-dec").value = ""; $("f-unp").checked = false;
    $("f-q").value = "";
    readFilters();
  });
  $("bulk").addEventListener("click", bulkAccept);
  $("download").addEventListener("click", download);
  $("load").addEventListener("change", (ev) => { if (ev.target.files[0]) loadFile(ev.target.files[0]); ev.target.value = ""; });
  $("help-btn").addEventListener("click", toggleHelp);
  $("to-index").addEventListener("click", () => go(""));
  $("prev-doc").addEventListener("click", () => nextDoc(-1));
  $("next-doc").addEventListener("click", () => nextDoc(1));
  $("home").addEventListener("click", (ev) => { ev.preventDefault(); go(""); });
  window.addEventListener("hashchange", () => {
    if (ownHash !== null && location.hash === ownHash) { ownHash = null; return; }
    ownHash = null;
    route();
  });

  loadDecisions();
  if (!storageOK) say("This browser does not let the page save decisions: they live in this tab only.");
  fillSelect("f-kind", 1);
  fillSelect("f-unit", 2);
  histogram();
  renderFailed();
  updateTotals();
  refilter();
  route();
  document.documentElement.setAttribute("data-ready", "index");
})();

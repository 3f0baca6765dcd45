/** The review app's CSS and its one inline script (keyboard and small conveniences). */

export const STYLE = `
:root { --err: #b00020; --warn: #a15c00; --info: #2a5db0; --ok: #1b7f3b; --bg: #fafafa; --sel: #fff3c4; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, "Noto Sans", "DejaVu Sans", sans-serif; color: #1d1d1d; background: var(--bg); }
header.top { display: flex; gap: 1.2em; align-items: baseline; padding: .5em 1em; background: #20303f; color: #eee; position: sticky; top: 0; z-index: 2; }
header.top a { color: #fff; text-decoration: none; } .brand { font-weight: 700; }
header .keys { margin-left: auto; font-size: 12px; opacity: .8; } header .who { font-size: 12px; opacity: .8; }
header form.signout { display: inline; margin: 0; } header .progress { font-size: 12px; }
form.signin { display: grid; gap: .6em; max-width: 24em; } form.signin label { display: grid; gap: .2em; }
.conflict { border-left: 4px solid var(--warn); padding: .4em 1em; background: #fff; }
table.progress td.n, table.progress th.n { text-align: right; }
main { padding: .5em 1em 3em; max-width: 1400px; }
h1 { font-size: 20px; margin: .4em 0; } h1 small, h2 small { font-weight: 400; color: #666; font-size: 13px; }
h2 { font-size: 16px; margin: 1.2em 0 .4em; }
.count { background: #20303f; color: #fff; border-radius: 1em; padding: 0 .6em; font-size: 13px; }
.filter-form { display: flex; gap: 1em; align-items: center; flex-wrap: wrap; }
.facets { margin: .5em 0; } .chip { display: inline-block; border: 1px solid #ccd; border-radius: 1em; padding: 0 .6em; margin: 0 .2em .2em 0; color: #223; text-decoration: none; background: #fff; }
.chip.on { background: #20303f; color: #fff; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; vertical-align: top; padding: .3em .5em; border-bottom: 1px solid #e4e4e4; }
tr.group th { background: #eef2f6; font-weight: 600; }
tr.flag.sel, li.flag.sel { background: var(--sel); outline: 2px solid #e0b400; }
.sev { font-size: 12px; font-weight: 700; text-transform: uppercase; }
.sev-error .sev { color: var(--err); } .sev-warning .sev { color: var(--warn); } .sev-info .sev { color: var(--info); }
td.msg { max-width: 60ch; overflow-wrap: anywhere; }
.status { font-size: 12px; } .st-accepted, .st-corrected { color: var(--ok); } .st-rejected { color: #777; }
.trail { font-size: 12px; color: var(--muted, #666); } .notice { background: #eef6ee; border: 1px solid #9c9; padding: 4px 8px; } form#undo-decision { display: inline; } form.bulk { margin: 4px 0; }
button { font: inherit; cursor: pointer; border: 1px solid #aab; background: #fff; border-radius: 4px; padding: .1em .6em; margin-right: .2em; }
button.accept, button.save { border-color: var(--ok); color: var(--ok); } button.reject { color: #666; }
.flag-list { padding-left: 1.2em; } .flag-list li { padding: .3em; margin-bottom: .2em; border-radius: 4px; }
.fields-table th { width: 16em; font-weight: 500; } .fields-table code { font-size: 11px; color: #777; }
tr.flagged > th { border-left: 4px solid var(--warn); } tr.corrected .eff { color: var(--ok); font-weight: 600; }
.was, .raw { font-size: 12px; color: #555; } .was span { text-decoration: line-through; }
td.evidence { width: 40%; font-size: 13px; } .fl { margin-bottom: .4em; }
pre.src { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f0; border: 1px solid #ddd; padding: .4em; font: 12px/1.4 ui-monospace, monospace; max-height: 16em; overflow: auto; }
.columns-hold td { background: #fff8e6; } table.columns-map { border-collapse: collapse; margin: .3em 0; } table.columns-map td, table.columns-map th { border: 1px solid #ddd; padding: 2px 6px; }
pre.command { white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f0; border: 1px solid #ddd; padding: .4em; font: 12px/1.4 ui-monospace, monospace; }
svg.crop { display: block; max-width: 100%; height: auto; border: 1px solid #ccc; background: #fff; margin: .2em 0; }
mark { background: #ffd54a; outline: 1px solid #c9a000; }
.pre { white-space: pre-wrap; overflow-wrap: anywhere; }
form.edit { margin-top: .4em; } form.edit textarea { width: 100%; } form.edit input[name=value] { min-width: 16em; }
.reason { min-width: 14em; }
.error { color: var(--err); font-weight: 600; margin: .2em 0; }
.sr { position: absolute; left: -9999px; }
.narrative .neighbour { color: #555; border-left: 3px solid #ccd; padding-left: .6em; }
.fragments li { background: #fff; border: 1px solid #e4e4e4; margin: .3em 0; padding: .2em .6em; }
.moves form { display: inline; } .history td { font-size: 13px; }
.empty { color: #555; font-style: italic; }
.crumbs { margin: .3em 0; } .doc { color: #555; }
`;

/** Keyboard first: j/k move, Enter accept, e edit, m move a fragment, o open, u back to the queue. */
export const CLIENT_SCRIPT = `(() => {
"use strict";
const page = document.body.dataset.page;
const rows = () => Array.from(document.querySelectorAll(page === "queue" ? "tr.flag" : "li.flag"));
let idx = 0;
function select(i, scroll) {
	const r = rows();
	if (r.length === 0) return;
	idx = Math.max(0, Math.min(r.length - 1, i));
	for (const x of r) x.classList.remove("sel");
	r[idx].classList.add("sel");
	if (scroll !== false) r[idx].scrollIntoView({ block: "nearest" });
}
const current = () => rows()[idx];
/** After a decision in the queue, come back to the same position. */
function setNext(i) {
	const next = document.querySelector("#act input[name=next]");
	if (next) next.value = location.pathname + location.search + "#sel=" + i;
}
function openEditor(field) {
	if (!field) return false;
	const form = Array.from(document.querySelectorAll("form.edit")).find((f) => f.dataset.field === field);
	if (!form) return false;
	form.hidden = false;
	const input = form.querySelector("[name=value]");
	form.closest("tr").scrollIntoView({ block: "center" });
	input.focus();
	if (input.select) input.select();
	return true;
}
if (page === "queue") {
	const m = /^#sel=(\\d+)$/.exec(location.hash);
	select(m ? Number(m[1]) : 0, Boolean(m));
} else {
	const r = rows();
	const s = r.findIndex((x) => x.classList.contains("sel"));
	if (r.length) select(s < 0 ? 0 : s, false);
	const open = Array.from(document.querySelectorAll("form.edit")).find((f) => !f.hidden);
	if (open) openEditor(open.dataset.field);
}
document.addEventListener("click", (ev) => {
	const t = ev.target;
	const edit = t.closest(".edit-btn");
	if (edit) { ev.preventDefault(); openEditor(edit.dataset.field); return; }
	const move = t.closest(".move-btn");
	if (move) { ev.preventDefault(); document.getElementById(move.dataset.move)?.requestSubmit(); return; }
	const cancel = t.closest("button.cancel");
	if (cancel) { ev.preventDefault(); cancel.form.hidden = true; return; }
	const row = t.closest("tr.flag, li.flag");
	if (row && !t.closest("a, button, form")) select(rows().indexOf(row), false);
	const decide = t.closest("button.accept, button.reject, button.reopen");
	if (decide && page === "queue" && row) setNext(rows().indexOf(row));
});
document.addEventListener("dblclick", (ev) => {
	const row = ev.target.closest("tr.flag");
	if (row && !ev.target.closest("a, button, form")) location.href = row.dataset.open;
});
document.addEventListener("keydown", (ev) => {
	const t = ev.target;
	if (t.closest && t.closest("input, textarea, select")) {
		if (ev.key === "Escape") { const f = t.closest("form.edit"); if (f) { f.hidden = true; t.blur(); } }
		else if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey) && t.tagName === "TEXTAREA") { ev.preventDefault(); t.form.requestSubmit(); }
		return;
	}
	if ((ev.ctrlKey || ev.metaKey) && !ev.shiftKey && !ev.altKey && (ev.key === "z" || ev.key === "Z")) {
		const undo = document.getElementById("undo-decision");
		if (undo) { ev.preventDefault(); undo.requestSubmit(); }
		return;
	}
	if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
	const row = current();
	switch (ev.key) {
		case "j": case "ArrowDown": select(idx + 1); break;
		case "k": case "ArrowUp": select(idx - 1); break;
		case "Enter": {
			const b = row && row.querySelector("button.accept");
			if (!b) return;
			if (page === "queue") setNext(idx);
			b.click();
			break;
		}
		case "x": { const b = row && row.querySelector("button.reject"); if (!b) return; if (page === "queue") setNext(idx); b.click(); break; }
		case "e":
			if (page === "queue") { if (row) location.href = row.dataset.field ? row.dataset.open + "&edit=" + encodeURIComponent(row.dataset.field) : row.dataset.open; }
			else if (!(row && openEditor(row.dataset.edit))) return;
			break;
		case "m":
			if (page === "queue") { if (row) location.href = row.dataset.open + "#narrative"; }
			else { const id = row && row.dataset.move; const f = id && document.getElementById(id); if (!f) return; f.requestSubmit(); }
			break;
		case "o": if (page === "queue" && row) location.href = row.dataset.open; else return; break;
		case "n": { const a = document.getElementById("next-flag"); if (!a) return; location.href = a.href; break; }
		case "u": location.href = "/"; break;
		default: return;
	}
	ev.preventDefault();
});
})();`;

"""The stylesheet and the filter script of the HTML report, and their CSP hashes.

Both are constants: no data is ever written into them, so their sha256 hashes
can go into the Content-Security-Policy, which then allows nothing else (no
other script, no inline handler, no image, font, frame or connection).
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
:root{--err:#b3261e;--warn:#8a5a00;--info:#0b5cad;--line:#d0d4da;--soft:#f4f5f7;
--diff:#ffe08a;--mention:#c8e6ff;--cue:#d7f5d0;--odd:#b3261e;--q:#fff3c4}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
color:#1d1f23;background:#fff}
header,main,#documents,.doc{max-width:1200px;margin:0 auto;padding:0 16px}
h1{font-size:1.5rem;margin:16px 0 4px}h2{font-size:1.15rem;margin:0 0 6px}
.summary{margin:0 0 8px;color:#444}
.counts{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0;padding:0;list-style:none}
.counts li{padding:2px 10px;border-radius:12px;background:var(--soft)}
.sev{font-weight:700;text-transform:uppercase;font-size:.8rem;letter-spacing:.03em}
.sev-error{color:var(--err)}.sev-warning{color:var(--warn)}.sev-info{color:var(--info)}
.filters{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0 16px;padding:8px 12px;
background:var(--soft);border-radius:8px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px}
.filters legend{font-weight:600;float:left;margin-right:8px}
.card{border:1px solid var(--line);border-left:6px solid var(--line);border-radius:8px;
padding:12px 14px;margin:0 0 14px}
.card-error{border-left-color:var(--err)}.card-warning{border-left-color:var(--warn)}
.card-info{border-left-color:var(--info)}
.card ul.rules{margin:0 0 10px;padding:0;list-style:none}
.card ul.rules li{margin:2px 0;overflow-wrap:anywhere}
.versions{display:grid;grid-template-columns:repeat(auto-fit,minmax(17rem,1fr));gap:10px}
.version{background:var(--soft);border-radius:6px;padding:8px 10px;overflow-wrap:anywhere}
.version.odd{outline:2px solid var(--odd)}
.where{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
.speaker{font-weight:600}.odd .speaker{color:var(--odd)}
.oddmark{font-size:.75rem;font-weight:700;color:#fff;background:var(--odd);
border-radius:4px;padding:0 5px;margin-left:6px}
blockquote{margin:6px 0;padding-left:10px;border-left:3px solid var(--line)}
mark.diff{background:var(--diff);font-weight:600}
mark.mention{background:var(--mention)}mark.cue{background:var(--cue)}
.evidence{font-size:.9rem;color:#333}.rule-name{color:#666;font-size:.8rem}
.suggested{margin:10px 0 0;font-weight:600}
details.more{margin:0 0 14px}details.more>summary{cursor:pointer;font-weight:600;
padding:6px 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;
overflow-wrap:anywhere}
.doc{display:none}.doc:target,.doc:has(:target){display:block}
body:has(.doc:target) main,body:has(.doc :target) main,
body:has(.doc:target) #documents,body:has(.doc :target) #documents,
body:has(.doc:target) .filters,body:has(.doc :target) .filters{display:none}
.text{white-space:pre-wrap;overflow-wrap:anywhere;font-size:1rem;line-height:1.6}
a.q{background:var(--q);color:inherit;text-decoration:none;border-bottom:2px solid #e0b400}
a.q:target,span.q:target{outline:3px solid var(--info)}span.q{background:var(--q)}
.who{font-size:.8rem;background:#eef;border-radius:4px;padding:0 4px;margin-left:4px;
white-space:normal}
[hidden]{display:none!important}
@media (max-width:600px){body{font-size:14px}.filters{flex-direction:column}}
"""

# Filters: show a finding when its rule and its severity are both ticked; hide a card
# when none of its findings is shown. Reads only data-* attributes the page was built with.
SCRIPT = """
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll('.filters input'));
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.name + ':' + b.value] = b.checked; });
    var shown = 0;
    document.querySelectorAll('.card').forEach(function (card) {
      var any = false;
      card.querySelectorAll('li.finding').forEach(function (li) {
        var ok = on['severity:' + li.dataset.severity] && on['rule:' + li.dataset.rule];
        li.hidden = !ok;
        any = any || ok;
      });
      card.hidden = !any;
      if (any) { shown += 1; }
    });
    document.getElementById('shown').textContent = String(shown);
  }
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  apply();
})();
"""


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


CSP = ("default-src 'none'; " f"style-src {_sha256(CSS)}; script-src {_sha256(SCRIPT)}; "
       "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; "
       "form-action 'none'")

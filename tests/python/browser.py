"""Headless Chromium for the tests: load a page, let a script write computed styles into the DOM,
read them back from ``--dump-dom`` (no DevTools protocol, no extra Python dependency)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Writes, for every cell of the package's tables, its class and computed text-align into a
#: <pre id="tt-styles"> as JSON; runs on load, before --dump-dom serialises the page.
STYLE_PROBE = """
<script>
window.addEventListener("load", () => {
  const cells = [];
  document.querySelectorAll(".treatytext table td, .treatytext table th").forEach((cell) => {
    cells.push({tag: cell.tagName.toLowerCase(), numeric: cell.classList.contains("num"),
                align: getComputedStyle(cell).textAlign, text: cell.textContent.slice(0, 40)});
  });
  const out = document.createElement("pre");
  out.id = "tt-styles";
  out.textContent = JSON.stringify(cells);
  document.body.appendChild(out);
});
</script>
"""


#: Writes, as JSON into a <pre id="tt-layout">: the in-page links whose target id is missing,
#: the labels of the SVG heatmaps drawn outside their SVG, the images wider than the page or
#: not decoded, and whether the page scrolls sideways. Runs on load.
LAYOUT_PROBE = """
<script>
window.addEventListener("load", () => {
  const result = {links: 0, missing: [], clipped: [], images: 0, bad_images: [], svg_texts: 0};
  document.querySelectorAll('a[href^="#"]').forEach((a) => {
    result.links += 1;
    const id = decodeURIComponent(a.getAttribute("href").slice(1));
    if (!document.getElementById(id)) result.missing.push(id);
  });
  document.querySelectorAll("svg.tt-heatmap").forEach((svg) => {
    const box = svg.getBoundingClientRect();
    svg.querySelectorAll("text").forEach((t) => {
      result.svg_texts += 1;
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 ||
          r.bottom > box.bottom + 1) result.clipped.push(t.textContent);
    });
  });
  const width = document.body.getBoundingClientRect().right;
  document.querySelectorAll("img").forEach((img) => {
    result.images += 1;
    const r = img.getBoundingClientRect();
    if (!img.complete || img.naturalWidth === 0 || r.right > width + 1)
      result.bad_images.push(img.alt);
  });
  result.sideways = document.documentElement.scrollWidth > document.documentElement.clientWidth;
  const out = document.createElement("pre");
  out.id = "tt-layout";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
</script>
"""


def chromium() -> str | None:
    """The Chromium executable (Debian's ``chromium``), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run(args: list[str], page: str, timeout: float = 120.0) -> str:
    executable = chromium()
    assert executable is not None
    with tempfile.TemporaryDirectory(prefix="tt-chromium-") as profile:
        path = Path(profile) / "page.html"
        path.write_text(page, encoding="utf-8")
        command = [executable, "--headless", "--no-sandbox", "--disable-gpu",
                   "--disable-dev-shm-usage", f"--user-data-dir={profile}/profile",
                   "--virtual-time-budget=5000", *args, path.as_uri()]  # fmt: skip
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, check=False, cwd=profile
        )
        if done.returncode != 0:
            raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
        return done.stdout


def computed_cell_styles(page: str) -> list[dict]:
    """Tag, numeric class, computed text-align and text of every cell of the package's tables."""
    dom = _run(["--dump-dom"], page.replace("</body>", STYLE_PROBE + "</body>"))
    found = re.search(r'<pre id="tt-styles">(.*?)</pre>', dom, flags=re.S)
    if found is None:
        raise AssertionError("the style probe did not run")
    return json.loads(html.unescape(found.group(1)))


def page_layout(page: str, width: int = 1280) -> dict:
    """What :data:`LAYOUT_PROBE` finds in the page rendered ``width`` pixels wide."""
    dom = _run(
        ["--dump-dom", f"--window-size={width},2000"],
        page.replace("</body>", LAYOUT_PROBE + "</body>"),
    )
    found = re.search(r'<pre id="tt-layout">(.*?)</pre>', dom, flags=re.S)
    if found is None:
        raise AssertionError("the layout probe did not run")
    return json.loads(html.unescape(found.group(1)))


def screenshot(page: str, target: Path, size: tuple[int, int] = (1280, 2400)) -> Path:
    """A PNG of the page as Chromium renders it."""
    _run([f"--screenshot={target}", f"--window-size={size[0]},{size[1]}"], page)
    return target

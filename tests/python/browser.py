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


def screenshot(page: str, target: Path, size: tuple[int, int] = (1280, 2400)) -> Path:
    """A PNG of the page as Chromium renders it."""
    _run([f"--screenshot={target}", f"--window-size={size[0]},{size[1]}"], page)
    return target

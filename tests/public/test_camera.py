"""The scanner with a camera: Chromium's fake camera plays a video of a premise poster's QR
code, and the vendored qr-scanner reads it in the page and opens the premise's door."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from sihat.checkins import qr
from tests.browser import _SHARED, CHROMIUM_ARGS, shared_browser
from tests.public.conftest import citizen, log_in

pytestmark = pytest.mark.browser


def _y4m(png: bytes, target: Path, frames: int = 3) -> None:
    """A raw 4:2:0 video (Y4M) of the image centred on a white 640x480 frame."""
    qr_image = Image.open(io.BytesIO(png)).convert("RGB")
    frame = Image.new("RGB", (640, 480), "white")
    qr_image.thumbnail((440, 440))
    frame.paste(qr_image, ((640 - qr_image.width) // 2, (480 - qr_image.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    planes = y.tobytes() + cb.resize((320, 240)).tobytes() + cr.resize((320, 240)).tobytes()
    with target.open("wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(frames):
            out.write(b"FRAME\n" + planes)


@pytest.mark.skip(
    reason="open defect (#16): on the merged main of 2026-12-06 the scanner did not read the "
    "fake camera's poster within 45 s in 3 of 5 runs on a quiet machine (the first run in a "
    "worker, on either database), while each helper branch passed; cause not found"
)
def test_camera_reads_the_poster_and_opens_the_door(live, moved, tmp_path) -> None:
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
    video = tmp_path / "poster.y4m"
    _y4m(qr.png(f"{live.url}/c/{c.token}", scale=8), video)
    shared_browser()  # starts Playwright if no test did yet
    browser = _SHARED["playwright"].chromium.launch(
        executable_path=shutil.which("chromium") or "/usr/bin/chromium",
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = browser.new_context(base_url=live.url, permissions=["camera"])
        page = context.new_page()
        # Decoding a fake camera stream frame by frame is CPU-bound: on a busy 2-core runner
        # it took over 15 s once, so wait longer (a wait, not a delay: it ends at the frame).
        page.set_default_timeout(45_000)
        log_in(page, c.phone, "/login?next=%2Fscan")
        page.wait_for_url("**/scan")
        with page.expect_navigation(url=f"**/c/{c.token}"):
            page.click("#camera-start")
        assert page.inner_text("#premise-name") == "Kedai Runcit Maju"
    finally:
        browser.close()

"""The scanner with a camera: Chromium's fake camera plays a video (Y4M) and the vendored
qr-scanner reads it in the page.

The video first shows a blank wall, then the premise's poster filling most of the picture, as a
person points the phone after the camera has started: the first frames a scanner reads are
blank, so the poster is read by the scanner's steady state, not by its first frame (#16)."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from sihat.checkins import qr
from tests.browser import _SHARED, CHROMIUM_ARGS, shared_browser
from tests.public.conftest import citizen, log_in

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 640, 480


def _planes(frame: Image.Image) -> bytes:
    """One 4:2:0 frame: the full-size Y plane, then Cb and Cr at half size."""
    y, cb, cr = frame.convert("YCbCr").split()
    half = (WIDTH // 2, HEIGHT // 2)
    return y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()


def _y4m(target: Path, poster: bytes | None, blank: int = 10, shown: int = 10) -> None:
    """A 10 fps video of ``blank`` white frames, then ``shown`` frames of the poster (the QR
    image centred and 440 px wide: it fills most of the 480 px height); the camera loops it."""
    white = Image.new("RGB", (WIDTH, HEIGHT), "white")
    frames = [_planes(white)] * blank
    if poster is not None:
        code = Image.open(io.BytesIO(poster)).convert("RGB")
        code = code.resize((440, 440), Image.Resampling.NEAREST)
        framed = white.copy()
        framed.paste(code, ((WIDTH - code.width) // 2, (HEIGHT - code.height) // 2))
        frames += [_planes(framed)] * shown
    with target.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for planes in frames:
            out.write(b"FRAME\n" + planes)


@pytest.fixture
def camera(live, tmp_path) -> Iterator[tuple[object, list[str], Path]]:
    """A context of its own Chromium whose camera plays ``tmp_path/camera.y4m`` (written by the
    test before it opens a page), and the page errors and policy refusals it reports."""
    video = tmp_path / "camera.y4m"
    video.touch()
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
        problems: list[str] = []
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on(
            "console",
            lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
        )
        # Decoding the camera frame by frame is CPU-bound: on a busy 2-core runner a read took
        # over 15 s once, so wait longer (a wait, not a delay: it ends at the frame).
        page.set_default_timeout(45_000)
        yield page, problems, video
    finally:
        browser.close()


def test_camera_reads_the_poster_and_opens_the_door(live, moved, camera) -> None:
    page, problems, video = camera
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
    _y4m(video, qr.png(f"{live.url}/c/{c.token}", scale=8))
    log_in(page, c.phone, "/login?next=%2Fscan")
    page.wait_for_url("**/scan")
    with page.expect_navigation(url=f"**/c/{c.token}"):
        page.click("#camera-start")
    assert page.inner_text("#premise-name") == "Kedai Runcit Maju"
    assert problems == []


def test_camera_picture_is_shown_while_scanning_and_stops(live, moved, camera) -> None:
    page, problems, video = camera
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
    _y4m(video, None)  # a camera that sees no code: the person aims with the picture
    log_in(page, c.phone, "/login?next=%2Fscan")
    page.wait_for_url("**/scan")
    page.click("#camera-start")
    page.wait_for_function("() => document.getElementById('camera').videoWidth > 0")
    shown = page.eval_on_selector(
        "#camera",
        "v => ({width: v.getBoundingClientRect().width, height: v.getBoundingClientRect().height,"
        " opacity: getComputedStyle(v).opacity, playing: !v.paused})",
    )
    assert shown["width"] >= 200 and shown["height"] >= 150, shown
    assert shown["opacity"] == "1" and shown["playing"], shown
    assert page.is_visible("#camera-stop") and not page.is_visible("#camera-start")
    assert page.inner_text("#scan-status") == ""  # no "no camera" message
    page.click("#camera-stop")
    assert page.is_hidden("#camera") and page.is_visible("#camera-start")
    assert problems == []

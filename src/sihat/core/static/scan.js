// The check-in scanner: qr-scanner (vendored, static/vendor/qr-scanner, MIT) reads the
// premise poster from the camera, or from a chosen photo; only a premise code of this site
// (".../c/<token>") is followed, to this site's /c/<token>: a poster cannot send anyone away.
import QrScanner from "/static/vendor/qr-scanner/qr-scanner.min.js";

const box = document.getElementById("scanner");
const video = document.getElementById("camera");
const status = document.getElementById("scan-status");
const start = document.getElementById("camera-start");
const stop = document.getElementById("camera-stop");
const photo = document.getElementById("photo");
let scanner = null;

export function premisePath(text) {
  const at = String(text || "").lastIndexOf("/c/");
  const token = (at >= 0 ? text.slice(at + 3) : String(text || "")).split(/[?#]/)[0].trim();
  return /^[A-Za-z0-9._~-]+$/.test(token) ? "/c/" + token : null;
}

function go(text) {
  const path = premisePath(text);
  if (path) {
    if (scanner) scanner.stop();
    window.location.assign(path);
    return true;
  }
  status.textContent = box.dataset.unreadable;
  return false;
}

// The part of each camera frame that is read: the largest centred square, at most 600 px once
// scaled. The library's default, the middle two-thirds of the shorter side, never reads a
// poster held close enough to fill the picture (its corner squares fall outside).
export function scanRegion(v) {
  const size = Math.min(v.videoWidth, v.videoHeight);
  const scaled = Math.min(size, 600) || 400;
  return {
    x: Math.round((v.videoWidth - size) / 2), y: Math.round((v.videoHeight - size) / 2),
    width: size, height: size, downScaledWidth: scaled, downScaledHeight: scaled,
  };
}

start.addEventListener("click", async () => {
  try {
    // Shown before the scanner is made: a video hidden at that moment is taken as meant to
    // stay out of sight, and the library shrinks it to nothing (no picture to aim with).
    video.hidden = false;
    scanner = scanner || new QrScanner(video, (result) => go(result.data), {
      returnDetailedScanResult: true, preferredCamera: "environment", maxScansPerSecond: 5,
      calculateScanRegion: scanRegion,
    });
    await scanner.start();
    start.hidden = true;
    stop.hidden = false;
  } catch (err) {
    video.hidden = true;
    status.textContent = box.dataset.noCamera;
  }
});

stop.addEventListener("click", () => {
  if (scanner) scanner.stop();
  video.hidden = true;
  stop.hidden = true;
  start.hidden = false;
});

photo.addEventListener("change", async () => {
  const file = photo.files && photo.files[0];
  if (!file) return;
  status.textContent = box.dataset.reading;
  try {
    const result = await QrScanner.scanImage(file, { returnDetailedScanResult: true });
    go(result.data);
  } catch (err) {
    // Not read in the browser: the form sends the photo to the server, which tries too.
    document.getElementById("scan-fallback").requestSubmit();
  }
});

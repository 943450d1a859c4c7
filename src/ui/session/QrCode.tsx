import { useEffect, useState } from 'react';
import { toString as qrSvg } from 'qrcode';

/**
 * A QR code of `text` as an `<img>` of an SVG data URL (the app's Content-Security-Policy allows `img-src data:`
 * and no inline markup). Drawn by the `qrcode` package with error correction M (15 % of the symbol may be
 * unreadable, enough for a projector seen at an angle) and a 4-module quiet zone (ISO/IEC 18004 §6.3.8).
 */
export function QrCode({ text, size, label }: { text: string; size: number; label: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    qrSvg(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
      .then((svg) => live && setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`))
      .catch(() => live && setSrc(null));
    return () => {
      live = false;
    };
  }, [text]);
  return src ? (
    <img className="session-qr" src={src} width={size} height={size} alt={label} data-testid="session.qr" />
  ) : (
    <div className="session-qr" style={{ width: size, height: size }} aria-hidden="true" />
  );
}

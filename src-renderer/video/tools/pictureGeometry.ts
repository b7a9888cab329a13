import type { ToolPoint } from '../../../src-shared/video/tools';

/** A rectangle in CSS pixels (or a canvas's own pixels), left/top and size. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where a <video> with `object-fit: contain` draws its picture inside its own box: the picture keeps
 * its aspect and is centred, with bars on two sides (letterboxing). Null while no frame has come.
 */
export function pictureRect(
  box: { width: number; height: number },
  picture: { width: number; height: number },
): Rect | null {
  if (picture.width <= 0 || picture.height <= 0 || box.width <= 0 || box.height <= 0) return null;
  const scale = Math.min(box.width / picture.width, box.height / picture.height);
  const width = picture.width * scale;
  const height = picture.height * scale;
  return { x: (box.width - width) / 2, y: (box.height - height) / 2, width, height };
}

/** The picture's rectangle of a video element, relative to the element's box. */
export function videoPictureRect(video: HTMLVideoElement): Rect | null {
  return pictureRect(
    { width: video.clientWidth, height: video.clientHeight },
    { width: video.videoWidth, height: video.videoHeight },
  );
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

/**
 * A point on the screen as a fraction of the picture. `mirrored`: the view is flipped horizontally
 * (CSS scaleX(-1) around the picture), so what the pointer touches on the right is the picture's left.
 */
export function toPicture(offset: { x: number; y: number }, rect: Rect, mirrored: boolean): ToolPoint {
  const x = clamp((offset.x - rect.x) / rect.width);
  const y = clamp((offset.y - rect.y) / rect.height);
  return [mirrored ? 1 - x : x, y];
}

/** A picture fraction in the coordinates of a drawing surface whose picture lies at `rect` (never mirrored). */
export function fromPicture([x, y]: ToolPoint, rect: Rect): { x: number; y: number } {
  return { x: rect.x + x * rect.width, y: rect.y + y * rect.height };
}

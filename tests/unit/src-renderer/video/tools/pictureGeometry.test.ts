import { describe, expect, it } from 'vitest';
import { pictureRect, toPicture } from '../../../../../src-renderer/video/tools/pictureGeometry';

describe('where the customer’s picture lies in a video element (object-fit: contain)', () => {
  it('letterboxes a wide picture in a tall box and pillarboxes a tall picture in a wide box', () => {
    expect(pictureRect({ width: 400, height: 600 }, { width: 640, height: 480 })).toEqual({
      x: 0,
      y: 150,
      width: 400,
      height: 300,
    });
    expect(pictureRect({ width: 800, height: 300 }, { width: 480, height: 640 })).toEqual({
      x: 287.5,
      y: 0,
      width: 225,
      height: 300,
    });
    expect(pictureRect({ width: 800, height: 300 }, { width: 0, height: 0 })).toBeNull();
  });

  it('turns a pointer on the screen into a fraction of the picture, bars and mirroring accounted for', () => {
    const rect = pictureRect({ width: 400, height: 600 }, { width: 640, height: 480 })!;
    // A quarter across and the picture's middle row (the bar above is 150 px).
    expect(toPicture({ x: 100, y: 300 }, rect, false)).toEqual([0.25, 0.5]);
    // Mirrored: what is a quarter across on the screen is three quarters across the picture.
    expect(toPicture({ x: 100, y: 300 }, rect, true)).toEqual([0.75, 0.5]);
    // In a bar: held to the picture's edge.
    expect(toPicture({ x: 100, y: 20 }, rect, false)).toEqual([0.25, 0]);
  });
});

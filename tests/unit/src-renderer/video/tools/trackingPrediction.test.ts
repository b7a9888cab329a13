import { describe, expect, it } from 'vitest';
import { mapQuad, translation, type Quad } from '../../../../../src-renderer/video/tools/tracking/geometry';
import { Lookalikes } from '../../../../../src-renderer/video/tools/tracking/lookalikes';
import { MotionModel, quadCentre } from '../../../../../src-renderer/video/tools/tracking/predictor';

/*
 * What the tracker (VS-6) believes while the object is unseen: where it should be (a constant
 * velocity, slowing down, with a reach growing with time) and which look-alike is not it.
 */
const canonical: Quad = [
  [0, 0],
  [100, 0],
  [100, 80],
  [0, 80],
];
const at = (x: number, y: number) => translation(x, y);

describe('MotionModel', () => {
  it('moves the last place on by the last velocity, slowing down, and widens its reach with the frames unseen', () => {
    const model = new MotionModel(at(100, 100), mapQuad(at(100, 100), canonical), 640);
    for (let t = 1; t <= 10; t++) model.observe(at(100 + 10 * t, 100), mapQuad(at(100 + 10 * t, 100), canonical));
    const [x1, y1] = model.predict(1).centre;
    expect(x1).toBeGreaterThan(250 + 8);
    expect(x1).toBeLessThan(250 + 10);
    expect(y1).toBeCloseTo(140);
    // Slowing: never more than ten frames' worth of the last speed ahead.
    const far = model.predict(100);
    expect(far.centre[0]).toBeLessThan(250 + 10 * 10);
    expect(far.centre[0]).toBeGreaterThan(250 + 10 * 8);
    expect(model.predict(5).radius).toBeGreaterThan(model.predict(1).radius);
    expect(quadCentre(mapQuad(far.h, canonical))[0]).toBeCloseTo(far.centre[0]);
  });

  it('grows the reach by at least 1 % of the picture a frame for an object lost at rest', () => {
    const model = new MotionModel(at(100, 100), mapQuad(at(100, 100), canonical), 640);
    expect(model.predict(1).centre).toEqual([150, 140]);
    expect(model.predict(11).radius - model.predict(1).radius).toBeCloseTo(64);
  });
});

describe('Lookalikes', () => {
  it('explains a place nearer where a known look-alike should be than where the object should be, wherever the camera went', () => {
    const lookalikes = new Lookalikes();
    // Seen 300 px to the right of the object.
    lookalikes.remember(at(100, 100), at(400, 100), canonical);
    lookalikes.remember(at(100, 100), at(405, 102), canonical);
    expect(lookalikes.size).toBe(1);
    // The camera moved: the object should now be at (20, 150), the look-alike at (320, 150).
    const object = at(20, 150);
    expect(lookalikes.explains([370, 190], object, canonical)).toBe(true);
    expect(lookalikes.explains([300, 190], object, canonical)).toBe(true);
    expect(lookalikes.explains([80, 200], object, canonical)).toBe(false);
    expect(lookalikes.explains([180, 190], object, canonical)).toBe(false);
  });

  it('explains nothing when none is known', () => {
    expect(new Lookalikes().explains([370, 190], at(20, 150), canonical)).toBe(false);
  });
});

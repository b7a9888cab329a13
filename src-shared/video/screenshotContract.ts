import { z } from 'zod';
import { endpointChannels } from '../http/channels';
import { defineRoutes } from '../http/route';
import { CODE_USER_AUTH_DESCRIPTION } from './contract';

/**
 * Screenshots of a video session (VS-6, VS-7): either side of the call takes one of the customer's
 * picture; both edit its drawings together (a Yjs document, `src-shared/video/tools.ts` carries the
 * updates peer to peer) and each saves to the endpoint, which merges what arrives into what it
 * holds, so saves from both sides converge and none is lost. Its details view shows them after the call.
 *
 * Who: the employees who may see the session read its screenshots, its assignees take and save them
 * (403 `video_not_assigned` for anyone else); the device's code user does all of it for their
 * device's sessions. A session or screenshot the caller may not see answers 404.
 */

/** The largest picture the endpoint keeps (bytes): a camera frame as JPEG is well under it, and base64 fits one request. */
export const SCREENSHOT_IMAGE_MAX_BYTES = 640 * 1024;
/** The largest drawing document the endpoint keeps (bytes of the merged Yjs state). */
export const SCREENSHOT_DOCUMENT_MAX_BYTES = 512 * 1024;
/** The largest side of a screenshot, in pixels. */
export const SCREENSHOT_SIDE_MAX = 4096;

const id = z.string().max(64);
/** Base64 of at most `bytes` bytes. */
const base64Of = (bytes: number) => z.base64().max(Math.ceil(bytes / 3) * 4 + 4);
/** A Yjs update, as a request carries it (the stored document is checked against its own limit). */
const updateSchema = base64Of(SCREENSHOT_DOCUMENT_MAX_BYTES);

export const screenshotImageTypeSchema = z.enum(['image/png', 'image/jpeg']);

/** Who took a screenshot: an employee (by name) or the device's code user. */
export const screenshotAuthorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('employee'), name: z.string() }),
  z.object({ kind: z.literal('code-user') }),
]);

export const screenshotSchema = z.object({
  id: z.string(),
  sessionId: z.string(),
  takenBy: screenshotAuthorSchema,
  takenAt: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  type: screenshotImageTypeSchema,
  /** The last save of its drawings (`takenAt` until the first). */
  updatedAt: z.string(),
});
export type Screenshot = z.infer<typeof screenshotSchema>;

/** A screenshot with its picture and its drawing document (the merged Yjs state), both base64. */
export const screenshotContentSchema = screenshotSchema.extend({ image: z.string(), document: z.string() });
export type ScreenshotContent = z.infer<typeof screenshotContentSchema>;

const takeBody = z
  .object({
    type: screenshotImageTypeSchema,
    width: z.number().int().min(1).max(SCREENSHOT_SIDE_MAX),
    height: z.number().int().min(1).max(SCREENSHOT_SIDE_MAX),
    /** The picture's bytes (base64); more than SCREENSHOT_IMAGE_MAX_BYTES answers 413. */
    image: base64Of(SCREENSHOT_IMAGE_MAX_BYTES * 2),
  })
  .strict();
const saveBody = z.object({ update: updateSchema }).strict();
/** The merged document after a save: the saving side applies it and so has what the other side saved. */
const savedSchema = z.object({ document: z.string(), updatedAt: z.string() });

const sessionParams = z.object({ id });
const shotParams = z.object({ id, screenshotId: id });
const listed = z.object({ screenshots: z.array(screenshotSchema) });
const takeErrors = {
  403: ['video_not_assigned'],
  404: ['not_found'],
  409: ['video_transition_forbidden'],
  413: ['video_screenshot_too_large'],
  422: ['video_screenshot_invalid'],
} as const;
const saveErrors = {
  403: ['video_not_assigned'],
  404: ['not_found'],
  413: ['video_screenshot_too_large'],
  422: ['video_screenshot_invalid'],
} as const;
const TAKE = `The picture must be a PNG or JPEG of at most ${SCREENSHOT_IMAGE_MAX_BYTES / 1024} KiB whose size is the given width and height (413 \`video_screenshot_too_large\`, 422 \`video_screenshot_invalid\`). Screenshots are taken during the call: a session not IN PROGRESS answers 409.`;
const SAVE = `The update (a Yjs update, base64) is merged into the stored document, so saves from both sides converge; the answer is the merged document. A merged document over ${SCREENSHOT_DOCUMENT_MAX_BYTES / 1024} KiB answers 413.`;

export const screenshotRoutes = defineRoutes({
  'video.screenshots.list': {
    method: 'GET',
    path: '/api/v1/video/sessions/:id/screenshots',
    tag: 'video',
    summary: 'A video session’s screenshots, oldest first (VS-7)',
    description: 'A session the caller may not see answers 404.',
    auth: 'user',
    params: sessionParams,
    status: 200,
    response: listed,
    errors: { 404: ['not_found'] },
  },
  'video.screenshots.take': {
    method: 'POST',
    path: '/api/v1/video/sessions/:id/screenshots',
    tag: 'video',
    summary: 'Keep a screenshot of the call as one of the session’s assignees (VS-6)',
    description: TAKE,
    auth: 'user',
    params: sessionParams,
    body: takeBody,
    status: 201,
    response: screenshotSchema,
    errors: takeErrors,
  },
  'video.screenshots.get': {
    method: 'GET',
    path: '/api/v1/video/sessions/:id/screenshots/:screenshotId',
    tag: 'video',
    summary: 'One screenshot with its picture and drawings',
    auth: 'user',
    params: shotParams,
    status: 200,
    response: screenshotContentSchema,
    errors: { 404: ['not_found'] },
  },
  'video.screenshots.save': {
    method: 'PUT',
    path: '/api/v1/video/sessions/:id/screenshots/:screenshotId/document',
    tag: 'video',
    summary: 'Save a screenshot’s drawings as one of the session’s assignees (merged with what is stored)',
    description: SAVE,
    auth: 'user',
    params: shotParams,
    body: saveBody,
    status: 200,
    response: savedSchema,
    errors: saveErrors,
  },
  'video.codeUser.screenshots.list': {
    method: 'GET',
    path: '/api/v1/video/me/sessions/:id/screenshots',
    tag: 'video',
    summary: 'The screenshots of one of the code user’s device’s video sessions',
    description: CODE_USER_AUTH_DESCRIPTION,
    auth: 'code-user',
    params: sessionParams,
    status: 200,
    response: listed,
    errors: { 404: ['not_found'] },
  },
  'video.codeUser.screenshots.take': {
    method: 'POST',
    path: '/api/v1/video/me/sessions/:id/screenshots',
    tag: 'video',
    summary: 'A code user keeps a screenshot of their call',
    description: `${CODE_USER_AUTH_DESCRIPTION} ${TAKE}`,
    auth: 'code-user',
    params: sessionParams,
    body: takeBody,
    status: 201,
    response: screenshotSchema,
    errors: { 404: ['not_found'], 409: takeErrors[409], 413: takeErrors[413], 422: takeErrors[422] },
  },
  'video.codeUser.screenshots.get': {
    method: 'GET',
    path: '/api/v1/video/me/sessions/:id/screenshots/:screenshotId',
    tag: 'video',
    summary: 'One screenshot of the code user’s device’s session, with its picture and drawings',
    description: CODE_USER_AUTH_DESCRIPTION,
    auth: 'code-user',
    params: shotParams,
    status: 200,
    response: screenshotContentSchema,
    errors: { 404: ['not_found'] },
  },
  'video.codeUser.screenshots.save': {
    method: 'PUT',
    path: '/api/v1/video/me/sessions/:id/screenshots/:screenshotId/document',
    tag: 'video',
    summary: 'A code user saves a screenshot’s drawings (merged with what is stored)',
    description: `${CODE_USER_AUTH_DESCRIPTION} ${SAVE}`,
    auth: 'code-user',
    params: shotParams,
    body: saveBody,
    status: 200,
    response: savedSchema,
    errors: { 404: ['not_found'], 413: saveErrors[413], 422: saveErrors[422] },
  },
});

/** The employees' routes as IPC channels (the call and the details view in the app and the web console). */
export const screenshotChannels = endpointChannels(screenshotRoutes);

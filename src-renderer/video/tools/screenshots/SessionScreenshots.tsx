import { useEffect, useState } from 'react';
import type { Screenshot } from '../../../../src-shared/video/screenshotContract';
import * as Y from 'yjs';
import { OpenShot, type ShotProps } from './OpenShot';
import { readItems, thumbnail } from './shotDocument';
import { fill, loadPicture, takenBy } from './ShotEditor';
import { fromBase64, ShotSync } from './shotSync';

type Thumb = Screenshot & { url: string };

const THUMB_WIDTH = 160;

/**
 * A session's screenshots in its details view (VS-7): a thumbnail of each with its drawings, opened
 * in the same editor as during the call (saved to the endpoint; after the call there is no other
 * side to edit with). `version` changes when the session does (a call ended): the list is read again.
 */
export function SessionScreenshots({ version, ...props }: ShotProps & { version: string }): React.JSX.Element {
  const { api, texts, role, language } = props;
  const [thumbs, setThumbs] = useState<Thumb[] | { error: unknown } | null>(null);
  const [sync, setSync] = useState<ShotSync | null>(null);
  const [reads, setReads] = useState(0);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const listed = await api.list();
        const made = await Promise.all(
          listed.map(async (shot) => {
            const content = await api.get(shot.id);
            const doc = new Y.Doc();
            Y.applyUpdate(doc, fromBase64(content.document));
            const picture = await loadPicture(content.type, content.image);
            return { ...shot, url: thumbnail(picture, readItems(doc), THUMB_WIDTH) };
          }),
        );
        if (live) setThumbs(made);
      } catch (error) {
        if (live) setThumbs({ error });
      }
    })();
    return () => {
      live = false;
    };
  }, [api, version, reads]);

  const close = () => {
    const closing = sync;
    setSync(null);
    void closing?.close().then(() => setReads((count) => count + 1));
  };

  return (
    <section aria-labelledby="video-screenshots-title" className="video-screenshots">
      <h3 id="video-screenshots-title">{texts.section}</h3>
      {thumbs === null ? (
        <p role="status">{texts.loading}</p>
      ) : 'error' in thumbs ? (
        <p role="alert">{props.describeError(thumbs.error)}</p>
      ) : thumbs.length === 0 ? (
        <p className="hint">{texts.none}</p>
      ) : (
        <ul className="shot-thumbs">
          {thumbs.map((shot) => (
            <li key={shot.id}>
              <button
                type="button"
                className="shot-thumb"
                aria-label={fill(texts.open, {
                  who: takenBy(texts, shot, role),
                  when: new Date(shot.takenAt).toLocaleString(language),
                })}
                onClick={() => {
                  void sync?.close();
                  setSync(new ShotSync(shot.id, api, null));
                }}
              >
                <img src={shot.url} alt="" width={THUMB_WIDTH} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {sync && <OpenShot key={sync.id} {...props} sync={sync} onClose={close} />}
    </section>
  );
}

import { useEffect, useState } from 'react';
import type { CallRole } from '../../../../src-shared/video/live';
import type { Screenshot } from '../../../../src-shared/video/screenshotContract';
import { loadPicture, ShotEditor } from './ShotEditor';
import type { ScreenshotApi, ShotSync } from './shotSync';
import type { ScreenshotTexts } from './screenshotTexts';

export interface ShotProps {
  api: ScreenshotApi;
  role: CallRole;
  texts: ScreenshotTexts;
  language: string;
  describeError(error: unknown): string;
}

/**
 * One screenshot opened: its picture and stored drawings read from the endpoint, then the editor.
 * Once the stored drawings are in, this side asks the other side (if any) for what it lacks.
 */
export function OpenShot({
  sync,
  notice,
  onClose,
  ...props
}: ShotProps & { sync: ShotSync; notice?: string | null; onClose(): void }): React.JSX.Element {
  const [loaded, setLoaded] = useState<{ shot: Screenshot; picture: HTMLImageElement } | { error: unknown } | null>(
    null,
  );
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const content = await props.api.get(sync.id);
        sync.applyStored(content.document);
        sync.sync();
        const picture = await loadPicture(content.type, content.image);
        if (live) setLoaded({ shot: content, picture });
      } catch (error) {
        if (live) setLoaded({ error });
      }
    })();
    return () => {
      live = false;
    };
  }, [sync, props.api]);

  if (loaded === null) return <p role="status">{props.texts.loading}</p>;
  if ('error' in loaded) {
    return (
      <div className="shot-editor">
        <p role="alert">{props.describeError(loaded.error)}</p>
        <button type="button" onClick={onClose}>
          {props.texts.close}
        </button>
      </div>
    );
  }
  return (
    <ShotEditor
      {...props}
      sync={sync}
      shot={loaded.shot}
      picture={loaded.picture}
      notice={notice ?? null}
      onClose={onClose}
    />
  );
}

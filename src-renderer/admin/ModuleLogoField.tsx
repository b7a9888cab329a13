import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MODULE_LOGO_MAX_CHARS, MODULE_LOGO_TYPES, moduleLogoSchema } from '../../src-shared/admin/contract';

/** A file as a data: URL. */
const readAsDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('unreadable'));
    reader.readAsDataURL(file);
  });

/**
 * AC-3: a QuickSupport module's logo, chosen from a file (PNG, JPEG, WebP, GIF or SVG, about
 * 145 KB at most), previewed, or removed. A file that is no such image is refused here, by name,
 * before anything is sent; the endpoint checks the same.
 */
export function ModuleLogoField(props: {
  logo: string | null;
  name: string;
  onChange(logo: string | null): void;
}): React.JSX.Element {
  const { logo, name, onChange } = props;
  const { t } = useTranslation();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const choose = async (file: File | undefined) => {
    setError(null);
    if (!file) return;
    if (!(MODULE_LOGO_TYPES as readonly string[]).includes(file.type)) {
      setError(t('admin.moduleLogoType', { file: file.name }));
      return;
    }
    let url: string;
    try {
      url = await readAsDataUrl(file);
    } catch {
      setError(t('admin.moduleLogoUnreadable', { file: file.name }));
      return;
    }
    if (url.length > MODULE_LOGO_MAX_CHARS) setError(t('admin.moduleLogoTooLarge', { file: file.name }));
    else if (!moduleLogoSchema.safeParse(url).success) setError(t('admin.moduleLogoType', { file: file.name }));
    else onChange(url);
  };
  return (
    <div className="field">
      <label htmlFor={`${id}-logo`}>{t('admin.moduleLogo')}</label>
      <input
        id={`${id}-logo`}
        type="file"
        accept={MODULE_LOGO_TYPES.join(',')}
        aria-describedby={`${id}-logo-hint`}
        aria-invalid={error !== null}
        onChange={(event) => {
          void choose(event.target.files?.[0]);
          event.target.value = '';
        }}
      />
      <p id={`${id}-logo-hint`} className="hint">
        {t('admin.moduleLogoHint')}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {logo && (
        <div className="module-logo-preview">
          <img src={logo} alt={t('admin.moduleLogoPreview', { name: name || t('admin.moduleName') })} />
          <button type="button" className="secondary small" onClick={() => onChange(null)}>
            {t('admin.moduleLogoRemove')}
          </button>
        </div>
      )}
    </div>
  );
}

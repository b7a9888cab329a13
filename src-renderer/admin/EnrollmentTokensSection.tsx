import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../src-shared/ipc/contract';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { ConfirmRemove } from './Dialog';
import { EntityList } from './EntityList';
import { useClient, useList } from './useList';

type Token = Response<'admin.enrollmentTokens.list'>['tokens'][number];

/** DP-2: tokens IT puts into the managed configuration; each is shown once, when created. */
export function EnrollmentTokensSection(): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const ids = { name: useId(), days: useId(), uses: useId() };
  const tokens = useList(async () => (await client.invoke('admin.enrollmentTokens.list', {})).tokens);
  const [form, setForm] = useState({ name: '', validDays: '365', maxUses: '' });
  const [created, setCreated] = useState<Response<'admin.enrollmentTokens.create'> | null>(null);
  const [revoking, setRevoking] = useState<Token | null>(null);
  const create = useAction(async () => {
    setCreated(
      await client.invoke('admin.enrollmentTokens.create', {
        body: {
          name: form.name,
          validDays: Number(form.validDays),
          maxUses: form.maxUses ? Number(form.maxUses) : null,
        },
      }),
    );
    setForm({ name: '', validDays: '365', maxUses: '' });
    await tokens.reload();
  });
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' });

  return (
    <>
      <p className="hint">{t('admin.enrollmentTokensHint')}</p>
      <EntityList
        label={t('admin.enrollmentTokens')}
        items={tokens.items}
        error={tokens.error}
        rowKey={(token) => token.id}
        searchText={(token) => token.name}
        empty={t('admin.enrollmentTokensEmpty')}
        columns={[
          {
            header: t('admin.tokenName'),
            cell: (token) =>
              t('admin.tokenSummary', {
                name: token.name,
                uses: token.maxUses === null ? token.uses : `${token.uses}/${token.maxUses}`,
                expires: date.format(new Date(token.expiresAt)),
              }),
          },
          {
            header: t('admin.actions'),
            hiddenHeader: true,
            cell: (token) => (
              <button
                type="button"
                className="danger"
                aria-label={t('admin.revokeToken', { name: token.name })}
                onClick={() => setRevoking(token)}
              >
                {t('admin.revoke')}
              </button>
            ),
          },
        ]}
      />
      <h3>{t('admin.newToken')}</h3>
      <form className="inline-form" onSubmit={(event) => (event.preventDefault(), void create.run())}>
        <div className="field">
          <label htmlFor={ids.name}>{t('admin.tokenName')}</label>
          <input id={ids.name} value={form.name} onChange={(event) => setForm({ ...form, name: event.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={ids.days}>{t('admin.tokenValidDays')}</label>
          <input
            id={ids.days}
            type="number"
            min={1}
            max={3650}
            value={form.validDays}
            onChange={(event) => setForm({ ...form, validDays: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.uses}>{t('admin.tokenMaxUses')}</label>
          <input
            id={ids.uses}
            type="number"
            min={1}
            placeholder={t('admin.tokenUnlimited')}
            value={form.maxUses}
            onChange={(event) => setForm({ ...form, maxUses: event.target.value })}
          />
        </div>
        <button type="submit" className="secondary" disabled={!form.name || create.busy}>
          {t('admin.createToken')}
        </button>
      </form>
      {created && (
        <p role="status" className="note">
          {t('admin.tokenCreated', { name: created.name })}{' '}
          <code className="mono" data-testid="enrollment-token">
            {created.token}
          </code>
        </p>
      )}
      <ErrorText message={create.error} />
      {revoking && (
        <ConfirmRemove
          title={t('admin.confirmRevokeToken', { name: revoking.name })}
          description={t('admin.confirmRevokeTokenDetail')}
          confirm={t('admin.confirmRevokeButton', { name: revoking.name })}
          onConfirm={async () => {
            await client.invoke('admin.enrollmentTokens.revoke', { params: { id: revoking.id } });
            await tokens.reload();
          }}
          onClose={() => setRevoking(null)}
        />
      )}
    </>
  );
}

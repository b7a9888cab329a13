import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VideoDevice, VideoPerson } from '../../src-shared/video/contract';
import { CheckboxGroup } from '../shell/CheckboxGroup';
import { Dialog } from '../admin/Dialog';
import { CopyButton } from '../shell/CopyButton';
import { ErrorText } from '../shell/ErrorText';
import { useAction } from '../shell/useAction';
import { useAppStore } from '../store/appStore';

/** The link a customer opens to join with the code (the endpoint's mobile page, `/v/<code>`). */
export function joinLink(endpoint: string, code: string): string {
  return `${endpoint.replace(/\/+$/, '')}/v/${code}`;
}

/** The endpoint the customer reaches: the desktop app's cloud endpoint, or the page the console came from. */
export function useEndpointUrl(): string {
  const cloud = useAppStore((state) => state.cloud);
  // The console has no cloud status: the endpoint is the page's own origin.
  return cloud?.url ?? location.origin;
}

/** A device's code, grouped as it is read aloud, with the link to give the customer. */
export function DeviceCode({ device }: { device: VideoDevice }): React.JSX.Element {
  const { t } = useTranslation();
  const link = joinLink(useEndpointUrl(), device.code);
  return (
    <div className="video-code-box">
      <p>
        <span className="hint">{t('video.devices.code')}</span>{' '}
        <code className="video-code" data-testid="video-device-code">
          {device.code}
        </code>{' '}
        <CopyButton value={device.code} label={t('video.devices.copyCode')} />
      </p>
      <p>
        <span className="hint">{t('video.devices.link')}</span>{' '}
        <code className="video-link" data-testid="video-device-link">
          {link}
        </code>{' '}
        <CopyButton value={link} label={t('video.devices.copyLink')} />
      </p>
    </div>
  );
}

/** A new device just created, or a device's new code: shown once in a dialog to pass on. */
export function NewCodeShown({ device, onClose }: { device: VideoDevice; onClose(): void }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('video.devices.codeTitle', { name: device.name })}
      description={t('video.devices.codeLead')}
      onClose={onClose}
    >
      <DeviceCode device={device} />
      <div className="modal-actions">
        <button type="button" data-autofocus onClick={onClose}>
          {t('video.done')}
        </button>
      </div>
    </Dialog>
  );
}

/** Add a device, or change one's name, customer, notes, group (VS-2's request rules) and assignees (who hears its requests). */
export function DeviceDialog({
  device,
  onClose,
  onSaved,
}: {
  device?: VideoDevice;
  onClose(): void;
  onSaved(device: VideoDevice): void;
}): React.JSX.Element {
  const { t } = useTranslation();
  const client = useAppStore((state) => state.client)!;
  const [name, setName] = useState(device?.name ?? '');
  const [customer, setCustomer] = useState(device?.customer ?? '');
  const [notes, setNotes] = useState(device?.notes ?? '');
  const [group, setGroup] = useState(device?.group ?? '');
  const [assigneeIds, setAssigneeIds] = useState(device?.assignees.map((person) => person.userId) ?? []);
  const [employees, setEmployees] = useState<VideoPerson[] | null>(null);
  const ids = { name: useId(), customer: useId(), notes: useId(), group: useId(), assigneesHint: useId() };
  useEffect(() => {
    void client.invoke('video.employees.list', {}).then(
      ({ employees }) => setEmployees(employees),
      () => setEmployees([]),
    );
  }, [client]);
  // Someone assigned who since lost video.conduct stays listed, so taking them off is possible.
  const people = [
    ...(employees ?? []),
    ...(device?.assignees ?? []).filter((person) => !employees?.some((each) => each.userId === person.userId)),
  ];
  const save = useAction(async () => {
    const body = { name, customer, notes, group, assigneeIds };
    const saved = device
      ? await client.invoke('video.devices.update', {
          params: { id: device.id },
          body: { ...body, disabled: device.disabled },
        })
      : await client.invoke('video.devices.create', { body });
    onClose();
    onSaved(saved);
  });
  return (
    <Dialog
      title={device ? t('video.devices.editTitle', { name: device.name }) : t('video.devices.addTitle')}
      onClose={onClose}
    >
      <form
        className="video-form"
        onSubmit={(event) => {
          event.preventDefault();
          void save.run();
        }}
      >
        <div className="field">
          <label htmlFor={ids.name}>{t('video.devices.name')}</label>
          <input
            id={ids.name}
            required
            maxLength={120}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.customer}>{t('video.devices.customer')}</label>
          <input
            id={ids.customer}
            maxLength={120}
            value={customer}
            onChange={(event) => setCustomer(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.notes}>{t('video.devices.notes')}</label>
          <textarea
            id={ids.notes}
            maxLength={2000}
            rows={3}
            value={notes}
            onChange={(event) => setNotes(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.group}>{t('video.devices.group')}</label>
          <input id={ids.group} maxLength={80} value={group} onChange={(event) => setGroup(event.target.value)} />
        </div>
        {employees === null ? (
          <p className="video-loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('video.session.assigneesLoading')}
          </p>
        ) : (
          <CheckboxGroup
            legend={t('video.devices.assignees')}
            aria-describedby={ids.assigneesHint}
            options={people.map((person) => person.userId)}
            chosen={assigneeIds}
            onChange={setAssigneeIds}
            label={(id) => people.find((person) => person.userId === id)?.name ?? id}
          >
            <p id={ids.assigneesHint} className="hint">
              {t('video.devices.assigneesHint')}
            </p>
          </CheckboxGroup>
        )}
        <ErrorText message={save.error} />
        <div className="modal-actions">
          <button type="submit" disabled={save.busy || name.trim() === ''}>
            {device ? t('video.save') : t('video.devices.create')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('video.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

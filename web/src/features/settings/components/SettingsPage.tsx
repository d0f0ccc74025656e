import { useSignedInMe } from '../../../app/session.ts';
import { useDocumentTitle } from '../../../lib/use-title.ts';
import { useConnectorList } from '../api.ts';
import { ConnectorsSection } from './ConnectorsSection.tsx';
import { TokensSection } from './TokensSection.tsx';
import { WebhooksSection } from './WebhooksSection.tsx';
import { AlertRulesSection } from '../../alerts/components/AlertRulesSection.tsx';
import { AlertEndpointsSection } from '../../alerts/components/AlertEndpointsSection.tsx';
import '../../alerts/alerts.css';
import { useFocusSectionFromHash } from './useFocusSectionFromHash.ts';
import '../settings.css';
import { InfoIcon } from '../../../components/ui/icons.ts';

const sections = ['connectors', 'tokens', 'webhooks'] as const;

/** Connectors, git tokens and git webhooks of the org the user acts in: owners and super_admins edit, members read. */
export default function SettingsPage() {
  const me = useSignedInMe();
  const orgName = me.orgs.find((org) => org.id === me.orgId)?.name ?? `org ${me.orgId}`;
  const canManage = me.permissions.manageSettings;
  // Wait for the connectors table: it pushes the tokens section down when it arrives.
  const connectors = useConnectorList();
  useFocusSectionFromHash(sections, !connectors.isPending);
  useDocumentTitle('Settings');

  return (
    <section aria-labelledby="settings-title" className="page settings-page">
      <div className="page-head">
        <h1 id="settings-title">Settings</h1>
        <span className="muted">{orgName}</span>
      </div>
      {!canManage && (
        <p className="notice settings-read-only">
          <InfoIcon /> Only owners of {orgName} can change connectors, git tokens and git webhooks. Ask one of them if a
          connector needs a change.
        </p>
      )}
      <ConnectorsSection canManage={canManage} />
      <TokensSection canManage={canManage} orgName={orgName} />
      <WebhooksSection canManage={canManage} orgName={orgName} />
      <AlertRulesSection canManage={canManage} />
      <AlertEndpointsSection canManage={canManage} />
    </section>
  );
}

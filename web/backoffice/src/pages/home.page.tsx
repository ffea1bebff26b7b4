import { useTranslation } from 'react-i18next';
import { Page } from '../components/page.tsx';
import { groupPermissions, roleLabel } from '../format.ts';
import { useMe } from '../session.ts';

/** Home (/app/): who the user is in this organisation and what they may do. */
export function HomePage() {
  const { t } = useTranslation();
  const me = useMe();
  const groups = groupPermissions(t, me.permissions);
  return (
    <Page title={t('home.title', { name: me.user.name })}>
      <p>{t('home.intro', { org: me.org.name })}</p>

      <section aria-labelledby="home-roles" className="panel">
        <h2 id="home-roles">{t('home.rolesTitle', { count: me.user.roles.length })}</h2>
        <ul className="tag-list">
          {me.user.roles.map((role) => (
            <li key={role} className="tag">
              {roleLabel(t, role)}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="home-can" className="panel">
        <h2 id="home-can">{t('home.canTitle')}</h2>
        {groups.length === 0 ? (
          <p>{t('home.noPermissions')}</p>
        ) : (
          <ul className="permission-list">
            {groups.map(([resource, actions]) => (
              <li key={resource}>
                <strong>{resource}</strong>
                {actions.length > 0 ? `${t('common.colon')}${actions.join(', ')}` : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

import './candidatures-public.css';

import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';

import { ApiError, errorMessage } from '../../../api/problem';
import type { CandidaturePublique, CandidatureSaisie, TerritoireCandidature } from '../../../api/types';
import { cheminDeVoie, statutCandidatureLabels, typeSoutienLabels, voieCandidatureLabels } from '../../../i18n/candidatures';
import { domaineLabels, enumValues, typePartenaireLabels } from '../../../i18n/labels';
import { cleEnregistree, enregistrerCle, publicApi } from './publicApi';

type Contact = NonNullable<CandidatureSaisie['contacts']>[number];
type Erreurs = Record<string, string>;

const NOUVEAU = '__nouveau__';

function contactVide(): Contact {
  return { prenom: '', nom: '', courriel: '', fonction: '', compte: true };
}

/** Empty strings are absent values for the API. */
function nettoyer(saisie: CandidatureSaisie): CandidatureSaisie {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(saisie)) {
    if (value === '' || value === null || value === undefined) continue;
    out[key] = value;
  }
  out.contacts = (saisie.contacts ?? []).map((c) =>
    Object.fromEntries(Object.entries(c).filter(([, v]) => v !== '' && v !== null && v !== undefined)),
  );
  out.services = (saisie.services ?? []).filter((s) => s.nom.trim() !== '');
  return out as CandidatureSaisie;
}

function Champ({ id, label, erreur, hint, children }: { id: string; label: string; erreur?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="cp-field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="cp-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {children}
      {erreur && (
        <span className="cp-error" id={`${id}-erreur`}>
          {erreur}
        </span>
      )}
    </div>
  );
}

function aria(id: string, erreur: string | undefined, hint?: boolean) {
  const describedBy = [hint ? `${id}-hint` : null, erreur ? `${id}-erreur` : null].filter(Boolean).join(' ');
  return { id, 'aria-invalid': erreur ? true : undefined, 'aria-describedby': describedBy || undefined };
}

/** `/candidature`: the e-mailed link opens it (`#jeton=…`); then this browser keeps the key. */
export function CandidaturePublicPage() {
  const [etat, setEtat] = useState<
    { phase: 'chargement' } | { phase: 'erreur'; message: string } | { phase: 'prete'; cle: string; candidature: CandidaturePublique }
  >({ phase: 'chargement' });

  useEffect(() => {
    document.title = 'Ma candidature · Convergence';
    const jeton = new URLSearchParams(window.location.hash.slice(1)).get('jeton') ?? new URLSearchParams(window.location.search).get('jeton');
    if (jeton) {
      // The link is used once: keep the key, forget the link.
      window.history.replaceState(null, '', window.location.pathname);
      publicApi
        .ouvrir(jeton)
        .then(({ cle, candidature }) => {
          enregistrerCle(cle);
          setEtat({ phase: 'prete', cle, candidature });
        })
        .catch((error: unknown) => setEtat({ phase: 'erreur', message: errorMessage(error) }));
      return;
    }
    const cle = cleEnregistree();
    if (cle === null) {
      setEtat({ phase: 'erreur', message: 'Ouvrez le lien reçu par e-mail pour accéder à votre candidature.' });
      return;
    }
    publicApi
      .lire(cle)
      .then((candidature) => setEtat({ phase: 'prete', cle, candidature }))
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) enregistrerCle(null);
        setEtat({ phase: 'erreur', message: errorMessage(error) });
      });
  }, []);

  return (
    <div className="cp-page">
      <p className="cp-hint">Être partenaire de Convergence</p>
      {etat.phase === 'chargement' && <p role="status">Chargement de votre candidature…</p>}
      {etat.phase === 'erreur' && (
        <>
          <h1>Ma candidature</h1>
          <div className="cp-alert cp-alert-error" role="alert">
            <p>{etat.message}</p>
          </div>
          <p>
            Pour recevoir un nouveau lien :{' '}
            <Link to="/etre-partenaire/chantier">chantier porteur</Link>, <Link to="/etre-partenaire/partenaire">partenaire</Link> ou{' '}
            <Link to="/etre-partenaire/financeur">financeur</Link>.
          </p>
        </>
      )}
      {etat.phase === 'prete' &&
        (etat.candidature.actions.includes('modification') ? (
          <Formulaire cle={etat.cle} candidature={etat.candidature} onChange={(candidature) => setEtat({ ...etat, candidature })} />
        ) : (
          <Suivi candidature={etat.candidature} />
        ))}
    </div>
  );
}

function Suivi({ candidature }: { candidature: CandidaturePublique }) {
  const date = (value: string | null | undefined) =>
    value ? new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' }).format(new Date(value)) : '—';
  return (
    <>
      <h1>Ma candidature : {candidature.saisie.nom}</h1>
      <p>
        Statut : <span className="cp-statut">{statutCandidatureLabels[candidature.statut]}</span>
      </p>
      <dl className="cp-dl">
        <dt>Voie</dt>
        <dd>{voieCandidatureLabels[candidature.voie]}</dd>
        <dt>Envoyée le</dt>
        <dd>{date(candidature.soumise_le)}</dd>
        {candidature.decidee_le && (
          <>
            <dt>Décision le</dt>
            <dd>{date(candidature.decidee_le)}</dd>
          </>
        )}
        {candidature.message_decision && (
          <>
            <dt>Message de l’équipe</dt>
            <dd style={{ whiteSpace: 'pre-wrap' }}>{candidature.message_decision}</dd>
          </>
        )}
      </dl>
      <p>L’équipe Convergence vous écrit à chaque étape, à {candidature.courriel}.</p>
    </>
  );
}

function Formulaire({ cle, candidature, onChange }: { cle: string; candidature: CandidaturePublique; onChange: (c: CandidaturePublique) => void }) {
  const id = useId();
  const voie = candidature.voie;
  const [territoires, setTerritoires] = useState<TerritoireCandidature[]>([]);
  const [saisie, setSaisie] = useState<CandidatureSaisie>(() => ({
    ...candidature.saisie,
    contacts: candidature.saisie.contacts?.length ? candidature.saisie.contacts : [contactVide()],
    services: voie === 'partenaire' && !candidature.saisie.services?.length ? [{ nom: '', description: '', modes_accueil: [] }] : candidature.saisie.services,
  }));
  const [nouveau, setNouveau] = useState(Boolean(candidature.saisie.nouveau_territoire));
  const [erreurs, setErreurs] = useState<Erreurs>({});
  const [message, setMessage] = useState<{ type: 'ok' | 'erreur'; texte: string } | null>(null);
  const [occupe, setOccupe] = useState(false);

  useEffect(() => {
    publicApi
      .formulaire()
      .then((f) => setTerritoires(f.territoires))
      .catch(() => setTerritoires([]));
  }, []);

  const set = <K extends keyof CandidatureSaisie>(key: K, value: CandidatureSaisie[K]) => setSaisie((s) => ({ ...s, [key]: value }));
  const setContact = (index: number, patch: Partial<Contact>) =>
    set(
      'contacts',
      (saisie.contacts ?? []).map((c, i) => (i === index ? { ...c, ...patch } : c)),
    );
  const basculer = <T extends string>(liste: T[] | undefined, valeur: T): T[] => {
    const courante = liste ?? [];
    return courante.includes(valeur) ? courante.filter((v) => v !== valeur) : [...courante, valeur];
  };

  const corps = (): CandidatureSaisie => {
    const s = nettoyer(saisie);
    if (voie === 'chantier_porteur') {
      if (nouveau) delete s.territoire_code;
      else delete s.nouveau_territoire;
    }
    return s;
  };

  const echec = (error: unknown) => {
    if (error instanceof ApiError && Object.keys(error.fieldErrors).length > 0) {
      setErreurs(error.fieldErrors);
      setMessage({ type: 'erreur', texte: `Corrigez : ${Object.values(error.fieldErrors).join(' ')}` });
    } else {
      setMessage({ type: 'erreur', texte: errorMessage(error) });
    }
  };

  const enregistrer = async (): Promise<boolean> => {
    setErreurs({});
    setMessage(null);
    try {
      onChange(await publicApi.enregistrer(cle, corps()));
      return true;
    } catch (error) {
      echec(error);
      return false;
    }
  };

  const brouillon = async () => {
    setOccupe(true);
    if (await enregistrer()) setMessage({ type: 'ok', texte: 'Brouillon enregistré. Vous pouvez revenir le compléter depuis ce navigateur.' });
    setOccupe(false);
  };

  const envoyer = async (event: FormEvent) => {
    event.preventDefault();
    setOccupe(true);
    if (await enregistrer()) {
      try {
        onChange(await publicApi.soumettre(cle));
      } catch (error) {
        echec(error);
      }
    }
    setOccupe(false);
  };

  const e = (name: string) => erreurs[name];
  const f = (name: string) => `${id}-${name}`;

  return (
    <>
      <h1>Ma candidature : {voieCandidatureLabels[voie].toLowerCase()}</h1>
      <p>
        Adresse confirmée : <strong>{candidature.courriel}</strong>. Les champs marqués d’un astérisque (*) sont nécessaires pour envoyer la candidature.
      </p>
      <form className="cp-form" onSubmit={(event) => void envoyer(event)} noValidate>
        <h2>L’organisation</h2>
        <Champ id={f('nom')} label="Nom de l’organisation *" erreur={e('nom')}>
          <input {...aria(f('nom'), e('nom'))} maxLength={200} value={saisie.nom ?? ''} onChange={(ev) => set('nom', ev.currentTarget.value)} />
        </Champ>
        <Champ id={f('siret')} label={voie === 'financeur' ? 'SIRET' : 'SIRET *'} erreur={e('siret')} hint="14 chiffres">
          <input {...aria(f('siret'), e('siret'), true)} inputMode="numeric" maxLength={20} value={saisie.siret ?? ''} onChange={(ev) => set('siret', ev.currentTarget.value)} />
        </Champ>
        <Champ id={f('adresse')} label="Adresse" erreur={e('adresse')}>
          <input {...aria(f('adresse'), e('adresse'))} autoComplete="street-address" maxLength={250} value={saisie.adresse ?? ''} onChange={(ev) => set('adresse', ev.currentTarget.value)} />
        </Champ>
        <Champ id={f('code_postal')} label="Code postal" erreur={e('code_postal')}>
          <input {...aria(f('code_postal'), e('code_postal'))} autoComplete="postal-code" inputMode="numeric" maxLength={5} value={saisie.code_postal ?? ''} onChange={(ev) => set('code_postal', ev.currentTarget.value)} />
        </Champ>
        <Champ id={f('commune')} label="Commune" erreur={e('commune')}>
          <input {...aria(f('commune'), e('commune'))} autoComplete="address-level2" maxLength={120} value={saisie.commune ?? ''} onChange={(ev) => set('commune', ev.currentTarget.value)} />
        </Champ>
        <Champ id={f('site_web')} label="Site web" erreur={e('site_web')} hint="Commençant par https://">
          <input {...aria(f('site_web'), e('site_web'), true)} type="url" maxLength={250} value={saisie.site_web ?? ''} onChange={(ev) => set('site_web', ev.currentTarget.value)} />
        </Champ>

        {voie === 'chantier_porteur' && (
          <>
            <h2>Le chantier</h2>
            <Champ id={f('territoire_code')} label="Territoire souhaité *" erreur={e('territoire_code') ?? e('nouveau_territoire')}>
              <select
                {...aria(f('territoire_code'), e('territoire_code'))}
                value={nouveau ? NOUVEAU : (saisie.territoire_code ?? '')}
                onChange={(ev) => {
                  const value = ev.currentTarget.value;
                  setNouveau(value === NOUVEAU);
                  set('territoire_code', value === NOUVEAU || value === '' ? null : value);
                }}
              >
                <option value="">Choisir…</option>
                {territoires.map((t) => (
                  <option key={t.code} value={t.code}>
                    {t.nom}
                  </option>
                ))}
                <option value={NOUVEAU}>Un nouveau territoire</option>
              </select>
            </Champ>
            {nouveau && (
              <Champ id={f('nouveau_territoire')} label="Nom du nouveau territoire *" erreur={e('nouveau_territoire')}>
                <input {...aria(f('nouveau_territoire'), e('nouveau_territoire'))} maxLength={120} value={saisie.nouveau_territoire ?? ''} onChange={(ev) => set('nouveau_territoire', ev.currentTarget.value)} />
              </Champ>
            )}
            <Champ id={f('nombre_postes')} label="Capacité d’accueil (postes) *" erreur={e('nombre_postes')}>
              <input
                {...aria(f('nombre_postes'), e('nombre_postes'))}
                type="number"
                min={0}
                max={1000}
                value={saisie.nombre_postes ?? ''}
                onChange={(ev) => set('nombre_postes', ev.currentTarget.value === '' ? null : Number(ev.currentTarget.value))}
              />
            </Champ>
            <Champ id={f('salaries_insertion')} label="Salariés en insertion aujourd’hui" erreur={e('salaries_insertion')}>
              <input
                {...aria(f('salaries_insertion'), e('salaries_insertion'))}
                type="number"
                min={0}
                max={5000}
                value={saisie.salaries_insertion ?? ''}
                onChange={(ev) => set('salaries_insertion', ev.currentTarget.value === '' ? null : Number(ev.currentTarget.value))}
              />
            </Champ>
          </>
        )}

        {(voie === 'partenaire' || voie === 'financeur') && (
          <fieldset className="cp-fieldset" aria-describedby={e('territoires_codes') ? f('territoires-erreur') : undefined}>
            <legend className="cp-legend">{voie === 'partenaire' ? 'Territoires servis *' : 'Territoires soutenus *'}</legend>
            <div className="cp-checks">
              {territoires.map((t) => (
                <label className="cp-check" key={t.code}>
                  <input type="checkbox" checked={(saisie.territoires_codes ?? []).includes(t.code)} onChange={() => set('territoires_codes', basculer(saisie.territoires_codes, t.code))} />
                  {t.nom}
                </label>
              ))}
            </div>
            {e('territoires_codes') && (
              <span className="cp-error" id={f('territoires-erreur')}>
                {e('territoires_codes')}
              </span>
            )}
          </fieldset>
        )}

        {voie === 'partenaire' && (
          <>
            <h2>Votre offre</h2>
            <Champ id={f('type_partenaire')} label="Type d’organisation *" erreur={e('type_partenaire')}>
              <select {...aria(f('type_partenaire'), e('type_partenaire'))} value={saisie.type_partenaire ?? ''} onChange={(ev) => set('type_partenaire', ev.currentTarget.value === '' ? null : (ev.currentTarget.value as CandidatureSaisie['type_partenaire']))}>
                <option value="">Choisir…</option>
                {enumValues(typePartenaireLabels).map((value) => (
                  <option key={value} value={value}>
                    {typePartenaireLabels[value]}
                  </option>
                ))}
              </select>
            </Champ>
            <fieldset className="cp-fieldset">
              <legend className="cp-legend">Domaines *</legend>
              <div className="cp-checks">
                {enumValues(domaineLabels).map((value) => (
                  <label className="cp-check" key={value}>
                    <input type="checkbox" checked={(saisie.domaines ?? []).includes(value)} onChange={() => set('domaines', basculer(saisie.domaines, value))} />
                    {domaineLabels[value]}
                  </label>
                ))}
              </div>
              {e('domaines') && <span className="cp-error">{e('domaines')}</span>}
            </fieldset>
            {(saisie.services ?? []).map((service, index) => (
              <fieldset className="cp-fieldset" key={index}>
                <legend className="cp-legend">Service proposé {index + 1}</legend>
                <Champ id={f(`service-${index}-nom`)} label="Nom du service">
                  <input
                    id={f(`service-${index}-nom`)}
                    maxLength={200}
                    value={service.nom}
                    onChange={(ev) => set('services', (saisie.services ?? []).map((s, i) => (i === index ? { ...s, nom: ev.currentTarget.value } : s)))}
                  />
                </Champ>
                <Champ id={f(`service-${index}-description`)} label="Description">
                  <textarea
                    id={f(`service-${index}-description`)}
                    maxLength={1000}
                    value={service.description ?? ''}
                    onChange={(ev) => set('services', (saisie.services ?? []).map((s, i) => (i === index ? { ...s, description: ev.currentTarget.value } : s)))}
                  />
                </Champ>
              </fieldset>
            ))}
            <div>
              <button className="cp-button cp-secondary" type="button" onClick={() => set('services', [...(saisie.services ?? []), { nom: '', description: '', modes_accueil: [] }])}>
                Ajouter un service
              </button>
            </div>
            <h2>Votre engagement</h2>
            <Champ id={f('delai')} label="Délai de réponse aux orientations, en jours *" erreur={e('delai_reponse_jours')}>
              <input
                {...aria(f('delai'), e('delai_reponse_jours'))}
                type="number"
                min={1}
                max={60}
                value={saisie.delai_reponse_jours ?? ''}
                onChange={(ev) => set('delai_reponse_jours', ev.currentTarget.value === '' ? null : Number(ev.currentTarget.value))}
              />
            </Champ>
            <Champ id={f('referent')} label="Personne qui répondra aux orientations *" erreur={e('referent')}>
              <input {...aria(f('referent'), e('referent'))} maxLength={200} value={saisie.referent ?? ''} onChange={(ev) => set('referent', ev.currentTarget.value)} />
            </Champ>
          </>
        )}

        {voie === 'financeur' && (
          <Champ id={f('type_soutien')} label="Type de soutien *" erreur={e('type_soutien')}>
            <select {...aria(f('type_soutien'), e('type_soutien'))} value={saisie.type_soutien ?? ''} onChange={(ev) => set('type_soutien', ev.currentTarget.value === '' ? null : (ev.currentTarget.value as CandidatureSaisie['type_soutien']))}>
              <option value="">Choisir…</option>
              {enumValues(typeSoutienLabels).map((value) => (
                <option key={value} value={value}>
                  {typeSoutienLabels[value]}
                </option>
              ))}
            </select>
          </Champ>
        )}

        <Champ id={f('presentation')} label={voie === 'chantier_porteur' ? 'Votre projet' : 'Présentation'} erreur={e('presentation')} hint="4 000 caractères au plus">
          <textarea {...aria(f('presentation'), e('presentation'), true)} maxLength={4000} value={saisie.presentation ?? ''} onChange={(ev) => set('presentation', ev.currentTarget.value)} />
        </Champ>

        <Documents cle={cle} candidature={candidature} onChange={onChange} />

        <h2>Les personnes à contacter *</h2>
        {e('contacts') && <p className="cp-error">{e('contacts')}</p>}
        {(saisie.contacts ?? []).map((contact, index) => (
          <fieldset className="cp-fieldset" key={index}>
            <legend className="cp-legend">Personne {index + 1}</legend>
            <Champ id={f(`c${index}-prenom`)} label="Prénom" erreur={e(`contacts.${index}.prenom`)}>
              <input {...aria(f(`c${index}-prenom`), e(`contacts.${index}.prenom`))} autoComplete="given-name" maxLength={100} value={contact.prenom} onChange={(ev) => setContact(index, { prenom: ev.currentTarget.value })} />
            </Champ>
            <Champ id={f(`c${index}-nom`)} label="Nom" erreur={e(`contacts.${index}.nom`)}>
              <input {...aria(f(`c${index}-nom`), e(`contacts.${index}.nom`))} autoComplete="family-name" maxLength={100} value={contact.nom} onChange={(ev) => setContact(index, { nom: ev.currentTarget.value })} />
            </Champ>
            <Champ id={f(`c${index}-courriel`)} label="E-mail" erreur={e(`contacts.${index}.courriel`)}>
              <input {...aria(f(`c${index}-courriel`), e(`contacts.${index}.courriel`))} type="email" autoComplete="email" maxLength={254} value={contact.courriel} onChange={(ev) => setContact(index, { courriel: ev.currentTarget.value })} />
            </Champ>
            <Champ id={f(`c${index}-fonction`)} label="Fonction" erreur={e(`contacts.${index}.fonction`)}>
              <input {...aria(f(`c${index}-fonction`), e(`contacts.${index}.fonction`))} maxLength={100} value={contact.fonction ?? ''} onChange={(ev) => setContact(index, { fonction: ev.currentTarget.value })} />
            </Champ>
            <label className="cp-check">
              <input type="checkbox" checked={contact.compte !== false} onChange={(ev) => setContact(index, { compte: ev.currentTarget.checked })} />
              Cette personne demande un accès à Convergence
            </label>
          </fieldset>
        ))}
        {(saisie.contacts ?? []).length < 10 && (
          <div>
            <button className="cp-button cp-secondary" type="button" onClick={() => set('contacts', [...(saisie.contacts ?? []), contactVide()])}>
              Ajouter une personne
            </button>
          </div>
        )}

        {message && (
          <div className={`cp-alert ${message.type === 'ok' ? 'cp-alert-success' : 'cp-alert-error'}`} role={message.type === 'ok' ? 'status' : 'alert'}>
            {message.texte}
          </div>
        )}
        <div className="cp-actions">
          <button className="cp-button" type="submit" disabled={occupe}>
            Envoyer ma candidature
          </button>
          <button className="cp-button cp-secondary" type="button" disabled={occupe} onClick={() => void brouillon()}>
            Enregistrer le brouillon
          </button>
        </div>
        <p className="cp-hint">
          Une autre voie ? <Link to={`/etre-partenaire/${cheminDeVoie[voie === 'partenaire' ? 'financeur' : 'partenaire']}`}>Voir les autres façons d’agir</Link>
        </p>
      </form>
    </>
  );
}

/** Optional documents (PDF, ODT or DOCX): each is sent as soon as it is chosen. */
function Documents({ cle, candidature, onChange }: { cle: string; candidature: CandidaturePublique; onChange: (c: CandidaturePublique) => void }) {
  const id = useId();
  const [erreur, setErreur] = useState<string | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const ajouter = (fichier: File | undefined) => {
    if (fichier === undefined) return;
    setErreur(null);
    setEnvoi(true);
    publicApi
      .ajouterDocument(cle, fichier)
      .then(onChange)
      .catch((error: unknown) => setErreur(error instanceof ApiError ? (error.fieldErrors.fichier ?? error.message) : errorMessage(error)))
      .finally(() => setEnvoi(false));
  };
  return (
    <>
      <h2>Documents (facultatif)</h2>
      {candidature.documents.length > 0 && (
        <ul aria-label="Documents joints">
          {candidature.documents.map((d) => (
            <li key={d.nom_fichier}>
              {d.nom_fichier} ({Math.max(1, Math.round(d.taille / 1024))} Ko)
            </li>
          ))}
        </ul>
      )}
      {candidature.documents.length < 5 && (
        <div className="cp-field">
          <label htmlFor={`${id}-document`}>Joindre un document</label>
          <span className="cp-hint" id={`${id}-document-hint`}>
            PDF, ODT ou DOCX, 5 Mo au plus, 5 documents au plus.
          </span>
          <input
            id={`${id}-document`}
            type="file"
            accept=".pdf,.odt,.docx,application/pdf,application/vnd.oasis.opendocument.text,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            disabled={envoi}
            aria-describedby={erreur ? `${id}-document-hint ${id}-document-erreur` : `${id}-document-hint`}
            onChange={(event) => {
              ajouter(event.currentTarget.files?.[0]);
              event.currentTarget.value = '';
            }}
          />
          {erreur && (
            <span className="cp-error" id={`${id}-document-erreur`} role="alert">
              {erreur}
            </span>
          )}
        </div>
      )}
    </>
  );
}

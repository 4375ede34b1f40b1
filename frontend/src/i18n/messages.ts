/** French messages shown to people, kept in one place. */

/** Notification text when the API answers an error without a usable `detail`. */
export const httpStatusMessages: Record<number, string> = {
  400: 'La demande est invalide.',
  401: 'Votre session a expiré. Reconnectez-vous pour continuer.',
  403: "Vous n'avez pas les droits nécessaires pour cette action.",
  404: "L'élément demandé est introuvable.",
  409: "Cette action est en conflit avec l'état actuel des données.",
  412: "Cet élément a été modifié entre-temps par quelqu'un d'autre. Rechargez la page pour voir la dernière version.",
  413: 'Le contenu envoyé est trop volumineux.',
  415: "Le format envoyé n'est pas accepté.",
  422: 'Certains champs sont invalides. Corrigez-les puis réessayez.',
  428: "Cet élément ne peut pas être modifié sans sa version actuelle. Rechargez la page puis réessayez.",
  429: 'Trop de demandes en peu de temps. Patientez un instant puis réessayez.',
  503: 'Le service est momentanément indisponible. Réessayez dans quelques instants.',
};

export const messages = {
  genericClientError: "La demande n'a pas pu aboutir.",
  genericServerError: 'Le service rencontre un problème. Réessayez plus tard.',
  networkError: 'Impossible de joindre le serveur. Vérifiez votre connexion puis réessayez.',
  loading: 'Chargement…',
  retry: 'Réessayer',
  loadMore: 'Afficher plus',
  notFoundTitle: 'Page introuvable',
  notFoundText: "L'adresse demandée n'existe pas ou a été déplacée.",
  backHome: "Retour à l'accueil",
  unexpectedErrorTitle: 'Une erreur inattendue est survenue',
  unexpectedErrorText: 'Rechargez la page. Si le problème continue, contactez votre coordination.',
  pageErrorText:
    "Cette page n'a pas pu s'afficher. Le menu reste disponible : réessayez, ou continuez ailleurs. Si le problème continue, contactez votre coordination.",
  skipToContent: 'Aller au contenu principal',
  openMenu: 'Ouvrir le menu',
  closeMenu: 'Fermer le menu',
  mainNavigation: 'Navigation principale',
  notAvailable: 'Non renseigné',
  yes: 'Oui',
  no: 'Non',
  forbiddenTitle: 'Accès refusé',
  forbiddenText:
    "Cette page est réservée à d'autres rôles. Si vous pensez devoir y accéder, contactez votre coordination ou l'équipe nationale.",
  sessionLoading: 'Ouverture de votre session…',
  loginTitle: 'Connexion',
  loginSubmit: 'Se connecter',
  logout: 'Se déconnecter',
  loggedOut: 'Vous êtes déconnecté·e.',
  sessionExpired: 'Votre session a expiré : reconnectez-vous pour continuer.',
  invalidCredentials: 'Identifiants incorrects.',
  totpPrompt: 'Saisissez le code à 6 chiffres affiché par votre application de double authentification.',
  totpInvalid: 'Code incorrect. Vérifiez l’heure de votre téléphone et saisissez le code affiché maintenant.',
  tooManyAttempts: 'Trop de tentatives de connexion échouées. Patientez avant de réessayer.',
  totpRequiredBanner:
    "Votre rôle exige la double authentification. Activez-la ci-dessous pour accéder au reste de l'application.",
  staleVersion: "Ce compte a été modifié entre-temps par quelqu'un d'autre : rechargez la page puis recommencez.",
  copy: 'Copier',
  copied: 'Copié',
} as const;

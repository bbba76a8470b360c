import type { EmailTemplateSet } from '../email-templates';

/** German, the default language. Formal address ("Sie"); gender-neutral wording for clients. */
export const de: EmailTemplateSet = {
  intlLocale: 'de-DE',
  emails: {
    handoff_received: {
      subject: 'Neue Weiterleitung: Fall {{caseCode}}',
      text: 'Guten Tag,\n\nan Ihre Organisation wurde der Fall {{caseCode}} weitergeleitet. Bitte prüfen Sie die Anfrage und nehmen Sie sie an oder lehnen Sie sie ab.\n\nZur Weiterleitung: {{link}}',
    },
    handoff_accepted: {
      subject: 'Weiterleitung angenommen: Fall {{caseCode}}',
      text: 'Guten Tag,\n\ndie Weiterleitung des Falls {{caseCode}} wurde von der aufnehmenden Stelle angenommen.\n\nZur Weiterleitung: {{link}}',
    },
    handoff_declined: {
      subject: 'Weiterleitung abgelehnt: Fall {{caseCode}}',
      text: 'Guten Tag,\n\ndie Weiterleitung des Falls {{caseCode}} wurde abgelehnt.\nGrund: {{reason}}\n\nBitte prüfen Sie, ob eine andere Stelle weiterhelfen kann: {{link}}',
    },
    handoff_withdrawn: {
      subject: 'Weiterleitung zurückgezogen: Fall {{caseCode}}',
      text: 'Guten Tag,\n\ndie Weiterleitung des Falls {{caseCode}} wurde von der sendenden Stelle zurückgezogen. Sie müssen nichts weiter tun.\n\nZur Weiterleitung: {{link}}',
    },
    handoff_completed: {
      subject: 'Weiterleitung abgeschlossen: Fall {{caseCode}}',
      text: 'Guten Tag,\n\ndie Weiterleitung des Falls {{caseCode}} ist abgeschlossen, das Ergebnis wurde erfasst.\n\nZum Ergebnis: {{link}}',
    },
    handoff_expired: {
      subject: 'Weiterleitung abgelaufen: Fall {{caseCode}}',
      text: 'Guten Tag,\n\ndie Weiterleitung des Falls {{caseCode}} wurde nicht rechtzeitig beantwortet und ist abgelaufen. Bitte prüfen Sie, wie es mit dem Fall weitergeht.\n\nZur Weiterleitung: {{link}}',
    },
    handoff_received_expired: {
      subject: 'Weiterleitung unbeantwortet abgelaufen: Fall {{caseCode}}',
      text: 'Guten Tag,\n\ndie Weiterleitung des Falls {{caseCode}} an Ihre Organisation wurde nicht rechtzeitig beantwortet und ist abgelaufen. Sie kann nicht mehr angenommen werden; die sendende Stelle wurde informiert. Sie müssen nichts weiter tun.\n\nZur Weiterleitung: {{link}}',
    },
    handoff_target_left: {
      subject: 'Weiterleitung ohne Empfänger: Fall {{caseCode}}',
      text: 'Guten Tag,\n\ndie Organisation, an die der Fall {{caseCode}} weitergeleitet wurde, ist nicht mehr im Netzwerk aktiv und kann die Weiterleitung nicht beantworten. Bitte ziehen Sie sie zurück und leiten Sie den Fall an eine andere Stelle weiter.\n\nZur Weiterleitung: {{link}}',
    },
    handoff_accepted_target_left: {
      subject: 'Angenommene Weiterleitung: Organisation nicht mehr im Netzwerk (Fall {{caseCode}})',
      text: 'Guten Tag,\n\ndie Organisation, die die Weiterleitung des Falls {{caseCode}} angenommen hat, ist nicht mehr im Netzwerk aktiv; ein Ergebnis wird dort nicht mehr erfasst. Bitte klären Sie, wie es für die Person weitergeht.\n\nZur Weiterleitung: {{link}}',
    },
    handoff_case_transferred: {
      subject: 'Fall {{caseCode}} übergeben: nicht mehr mit Ihnen geteilt',
      text: 'Guten Tag,\n\ndie Organisation, die den Fall {{caseCode}} an Sie weitergeleitet hat, hat ihn an eine andere Organisation übergeben. Der Fall ist nicht mehr mit Ihrer Organisation geteilt. Ist Ihre Weiterleitung noch offen, erfassen Sie bitte ihr Ergebnis.\n\nZur Weiterleitung: {{link}}',
    },
    handoff_case_closed: {
      subject: 'Fall {{caseCode}} von der weiterleitenden Organisation abgeschlossen',
      text: 'Guten Tag,\n\ndie Organisation, die den Fall {{caseCode}} an Sie weitergeleitet hat, hat den Fall abgeschlossen; Notizen können nicht mehr ergänzt werden. Ist Ihre Weiterleitung noch offen, erfassen Sie bitte ihr Ergebnis.\n\nZur Weiterleitung: {{link}}',
    },
    handoff_response_due: {
      subject: 'Antwort erbeten: Fall {{caseCode}}',
      text: 'Guten Tag,\n\ndie Weiterleitung des Falls {{caseCode}} an Ihre Organisation wartet noch auf eine Antwort.\nAntwortfrist: {{dueAt}}\n\nBitte nehmen Sie die Weiterleitung an oder lehnen Sie sie ab: {{link}}',
    },
    handoff_escalated: {
      subject: 'Weiterleitung überfällig: Fall {{caseCode}}',
      text: 'Guten Tag,\n\ndie Weiterleitung des Falls {{caseCode}} ist trotz Erinnerung noch unbeantwortet.\nAntwortfrist: {{dueAt}}\n\nBitte sorgen Sie dafür, dass sie zeitnah bearbeitet wird: {{link}}',
    },
    handoff_outcome_due: {
      subject: 'Bitte Ergebnis erfassen: Fall {{caseCode}}',
      text: 'Guten Tag,\n\nIhre Organisation hat die Weiterleitung des Falls {{caseCode}} angenommen. Bitte erfassen Sie das Ergebnis, sobald die Beratung stattgefunden hat, damit die sendende Stelle Bescheid weiß.\n\nZur Weiterleitung: {{link}}',
    },
    case_assigned: {
      subject: 'Fall {{caseCode}} wurde Ihnen zugewiesen',
      text: 'Guten Tag,\n\nder Fall {{caseCode}} wurde Ihnen zugewiesen.\n\nZum Fall: {{link}}',
    },
    case_follow_up_due: {
      subject: 'Wiedervorlage: Fall {{caseCode}}',
      text: 'Guten Tag,\n\nfür den Fall {{caseCode}} ist eine Wiedervorlage fällig.\nWiedervorlage: {{dueOn}}\n\nZum Fall: {{link}}',
    },
    account_invitation: {
      subject: 'Ihr Zugang zum Beratungsnetzwerk Leipzig',
      text: 'Guten Tag,\n\nfür Sie wurde ein Zugang zur Fallkoordination des Beratungsnetzwerks Leipzig eingerichtet. Bitte legen Sie Ihr Passwort über diesen Link fest; er gilt einmal, bis {{dueAt}}:\n\n{{link}}\n\nWenn Sie diese E-Mail nicht erwartet haben, können Sie sie ignorieren.',
    },
    password_reset: {
      subject: 'Neues Passwort festlegen',
      text: 'Guten Tag,\n\nfür Ihren Zugang zur Fallkoordination des Beratungsnetzwerks Leipzig wurde ein neues Passwort angefordert. Bitte legen Sie es über diesen Link fest; er gilt einmal, bis {{dueAt}}:\n\n{{link}}\n\nWenn Sie das nicht angefordert haben, können Sie diese E-Mail ignorieren: Ihr Passwort bleibt, wie es ist.',
    },
    password_changed: {
      subject: 'Ihr Passwort wurde geändert',
      text: 'Guten Tag,\n\ndas Passwort Ihres Zugangs zur Fallkoordination des Beratungsnetzwerks Leipzig wurde soeben geändert; alle anderen Anmeldungen sind beendet.\n\nWenn Sie das nicht selbst getan haben oder nicht erwartet haben, informieren Sie bitte sofort die Administration Ihrer Organisation und fordern Sie mit „Passwort vergessen“ ein neues Passwort an.\n\n{{link}}',
    },
    account_access_granted: {
      subject: 'Neuer Zugang in Ihrer Organisation',
      text: 'Guten Tag,\n\njemand anderes als Sie hat soeben in Ihrer Organisation einen Zugang angelegt, einem Zugang eine neue Rolle gegeben, einen Zugang wieder aktiviert oder das Passwort eines Zugangs gesetzt, der mit Fällen arbeitet. Als Administration, oder als Leitung oder Beratung, wenn die Änderung den Zugriff auf die Fälle Ihrer Organisation öffnet, erfahren Sie von jeder solchen Änderung, damit niemand unbemerkt Zugriff auf diese Fälle erhält.\n\nBitte prüfen Sie den Zugang. Haben Sie die Änderung nicht erwartet, lassen Sie ihn von der Administration Ihrer Organisation deaktivieren (Administration: bitte das Audit-Log prüfen) und informieren Sie die Netzwerkkoordination.\n\n{{link}}',
    },
    account_access_removed: {
      subject: 'Ein Zugang Ihrer Organisation wurde deaktiviert oder hat eine Rolle verloren',
      text: 'Guten Tag,\n\njemand anderes als Sie hat soeben einen Zugang Ihrer Organisation deaktiviert oder ihm eine Rolle genommen. Hat er mit Fällen gearbeitet, sind seine offenen Fälle und Weiterleitungen noch ihm zugeordnet: Bitte übergeben Sie sie einer Kollegin oder einem Kollegen.\n\nHaben Sie die Änderung nicht erwartet, informieren Sie die Administration Ihrer Organisation und die Netzwerkkoordination.\n\n{{link}}',
    },
    lead_digest: {
      subject: 'Ihre Übersicht: offene Weiterleitungen ({{count}})',
      text: 'Guten Tag,\n\nin Ihrer Organisation warten Weiterleitungen auf eine Antwort oder ein Ergebnis.\nAnzahl: {{count}}\n\nDie Übersicht mit Fristen und Zuständigkeiten: {{link}}',
    },
    lead_weekly_digest: {
      subject: 'Ihre Wochenübersicht: offene Weiterleitungen ({{count}})',
      text: 'Guten Tag,\n\nIhre Wochenübersicht liegt bereit: Weiterleitungen, die auf die Antwort Ihrer Organisation warten (derzeit {{count}}), die in dieser Woche fälligen Wiedervorlagen und die vergangene Woche in Zahlen.\n\nNach der Anmeldung hier: {{link}}',
    },
  },
  declineReasons: {
    no_capacity: 'keine freien Kapazitäten',
    not_eligible: 'Voraussetzungen nicht erfüllt',
    wrong_domain: 'anderes Beratungsgebiet zuständig',
    language_not_available: 'benötigte Sprache nicht verfügbar',
    client_unreachable: 'ratsuchende Person nicht erreichbar',
    client_declined: 'ratsuchende Person hat abgelehnt',
    other: 'sonstiger Grund',
  },
  footer:
    '-- \nDiese Nachricht wurde automatisch vom Fallkoordinationssystem des Leipziger Beratungsnetzwerks versandt. Aus Datenschutzgründen enthält sie keine Falldetails; diese sehen Sie nach der Anmeldung.',
};

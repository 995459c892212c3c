import { useState } from 'preact/hooks';
import { ApiError, api, request } from '../api/client';
import { DOCUMENT_KINDS } from '../api/vocabulary';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
import { useLoad } from '../ui/use-load';

/** A case's document as `GET /v1/cases/:id/documents` lists it (libs/cases/src/documents). */
interface CaseDocument {
  id: string;
  kind: string;
  contentType: string;
  size: number;
  /** Sealed with the person's key: null once they are erased or never given. */
  fileName: string | null;
  uploadedAt: string;
  uploadedBy?: string | null;
}

/**
 * A case's documents: the list, an upload (`POST /v1/cases/:id/documents`, multipart: `kind`
 * first, then `file`, the order the server reads them in) and a download (`GET
 * /v1/documents/:id`), fetched with the token and handed to the browser as a file. The server
 * tells the type from the bytes; a refused type (415) or size (413) is said by the file field.
 */
export function Documents(props: {
  caseId: string;
  timeZone?: string | null;
  /** An upload is an event of the case: the page reads its new version and history. */
  onAttached: () => Promise<unknown>;
  /** The uploader's name (ui/people.ts). */
  who: (userId: string | null | undefined) => string;
}) {
  const i18n = useI18n();
  const { t, word, number } = i18n;
  const docs = useLoad(
    () => api.get<{ items: CaseDocument[] }>(`/v1/cases/${props.caseId}/documents`).then((a) => a.items),
    [props.caseId],
  );
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<string>(DOCUMENT_KINDS[0]);
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState(false);
  // The file input keeps its file after an upload unless it is drawn anew.
  const [inputKey, setInputKey] = useState(0);

  const upload = async () => {
    setProblem(null);
    setUploaded(false);
    if (!file) return setFileProblem(t('error.required'));
    setFileProblem(null);
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', file);
    try {
      await request('POST', `/v1/cases/${props.caseId}/documents`, { body: form });
      setFile(null);
      setInputKey((n) => n + 1);
      setUploaded(true);
      await props.onAttached();
    } catch (error) {
      if (error instanceof ApiError && error.status === 413) setFileProblem(t('docs.tooLarge'));
      else if (error instanceof ApiError && error.status === 415) setFileProblem(t('docs.badType'));
      else setProblem(sentenceFor(error, i18n));
    }
    await docs.reload();
  };
  const download = async (doc: CaseDocument) => {
    try {
      const res = await request('GET', `/v1/documents/${doc.id}`, { accept: '*/*' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await res.blob());
      link.download = doc.fileName ?? `${word('docKind', doc.kind)}`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
  };
  if (docs.error) return null;
  return (
    <section aria-labelledby="documents-title">
      <h2 id="documents-title">{t('docs.title')}</h2>
      {problem && <Alert kind="error">{problem}</Alert>}
      {uploaded && <Alert kind="ok">{t('docs.uploaded')}</Alert>}
      {!docs.data ? (
        <p>{t('common.loading')}</p>
      ) : docs.data.length ? (
        <ul class="cards" id="documents">
          {docs.data.map((doc) => (
            <li class="card" key={doc.id} data-document={doc.id}>
              <strong>{word('docKind', doc.kind)}</strong> · {doc.fileName ?? '—'} ·{' '}
              {t('docs.size', { kb: number(Math.max(1, Math.round(doc.size / 1024))) })}
              <p class="meta">
                {i18n.dateTime(doc.uploadedAt, props.timeZone)} · {props.who(doc.uploadedBy)} ·{' '}
                <button
                  type="button"
                  class="link"
                  aria-label={`${t('docs.download')}: ${doc.fileName ?? word('docKind', doc.kind)}`}
                  onClick={() => void download(doc)}
                >
                  {t('docs.download')}
                </button>
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('case.none')}</p>
      )}
      <form
        class="actions"
        id="document-upload"
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <div class="field">
          <label for="document-kind">{t('docs.kind')}</label>
          <select id="document-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {word('docKind', k)}
              </option>
            ))}
          </select>
        </div>
        <div class={`field${fileProblem ? ' has-error' : ''}`}>
          <label for="document-file">{t('docs.file')}</label>
          <input
            key={inputKey}
            id="document-file"
            type="file"
            aria-invalid={fileProblem ? 'true' : undefined}
            aria-describedby={fileProblem ? 'document-file-error' : undefined}
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setFileProblem(null);
            }}
          />
          {fileProblem && (
            <p class="error" id="document-file-error" role="alert">
              {fileProblem}
            </p>
          )}
        </div>
        <button type="submit">{t('docs.upload')}</button>
      </form>
    </section>
  );
}

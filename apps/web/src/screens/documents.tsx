import { useState } from 'preact/hooks';
import { api, request } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { Alert, sentenceFor } from '../ui/forms';
import { useLoad } from '../ui/use-load';

/** A case's document as the documents work will list it (the shape is this app's guess). */
interface CaseDocument {
  id: string;
  fileName?: string;
  name?: string;
  size?: number;
  uploadedAt?: string;
}

/**
 * A case's documents: the list (`GET /v1/cases/:id/documents`), an upload (`POST`, multipart,
 * field `file`) and a download (`GET /v1/documents/:id`, recorded in the access log), fetched with
 * the token and handed to the browser as a file. Absent while the server has no documents route.
 */
export function Documents(props: { caseId: string }) {
  const i18n = useI18n();
  const { t, dateTime } = i18n;
  const docs = useLoad(
    () => api.get<{ items: CaseDocument[] }>(`/v1/cases/${props.caseId}/documents`).then((a) => a.items),
    [props.caseId],
  );
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (!docs.data) return null;
  const upload = async () => {
    if (!file) return;
    setProblem(null);
    const form = new FormData();
    form.append('file', file);
    try {
      await request('POST', `/v1/cases/${props.caseId}/documents`, { body: form });
      setFile(null);
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
    await docs.reload();
  };
  const download = async (doc: CaseDocument) => {
    try {
      const res = await request('GET', `/v1/documents/${doc.id}`, { accept: '*/*' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(await res.blob());
      link.download = doc.fileName ?? doc.name ?? doc.id;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      setProblem(sentenceFor(error, i18n));
    }
  };
  return (
    <>
      <h2>{t('docs.title')}</h2>
      {problem && <Alert kind="error">{problem}</Alert>}
      {docs.data.length ? (
        <ul class="cards" id="documents">
          {docs.data.map((doc) => (
            <li class="card" key={doc.id}>
              <button type="button" class="link" onClick={() => void download(doc)}>
                {doc.fileName ?? doc.name ?? doc.id}
              </button>
              {doc.uploadedAt && <span class="meta"> · {dateTime(doc.uploadedAt)}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('case.none')}</p>
      )}
      <form
        class="actions"
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <div class="field">
          <label for="document-file">{t('docs.file')}</label>
          <input
            id="document-file"
            type="file"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" disabled={!file}>
          {t('docs.upload')}
        </button>
      </form>
    </>
  );
}

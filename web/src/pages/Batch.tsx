/** Batch: upload a CSV order book, follow its progress, download decided rows and rejects. */
import { useEffect, useRef, useState } from 'react';
import type { Job } from '../../../src/api/jobs.ts';
import { api, download } from '../api.ts';
import { ErrorBox } from '../ui.tsx';

export function BatchPage({ role }: { role: string }) {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [record, setRecord] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  const refresh = () =>
    api<Job[]>('/v1/batch')
      .then(setJobs)
      .catch(setError);
  useEffect(() => {
    void refresh();
  }, []);
  useEffect(() => {
    if (!jobs.some((j) => j.state === 'queued' || j.state === 'running')) return;
    const t = setTimeout(refresh, 500);
    return () => clearTimeout(t);
  }, [jobs]);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const f = fileRef.current?.files?.[0];
    if (!f) return;
    const fd = new FormData();
    fd.append('file', f, f.name);
    try {
      await api<Job>(`/v1/batch?record=${record}`, { raw: fd });
      await refresh();
    } catch (x) {
      setError(x);
    }
  };
  return (
    <div>
      <h1>Batch decisions</h1>
      <p className="muted">
        CSV columns: <code>id,date,destination,product,quantity</code> (+ optional <code>end_user_name, end_user_country, end_user_headquarters, end_user_parent_headquarters, view</code>).
      </p>
      {role !== 'viewer' ? (
        <form className="toolbar" onSubmit={submit} aria-label="Upload an order book">
          <label>
            CSV file
            <input type="file" name="file" accept=".csv,text/csv" ref={fileRef} required />
          </label>
          <label className="check">
            <input type="checkbox" checked={record} onChange={(e) => setRecord(e.target.checked)} /> record every decision in the ledger
          </label>
          <button type="submit" className="primary">
            Upload and decide
          </button>
        </form>
      ) : (
        <p>Uploading needs an analyst key.</p>
      )}
      <ErrorBox error={error} />
      <table className="data" data-testid="jobs">
        <thead>
          <tr>
            <th scope="col">Uploaded</th>
            <th scope="col">File</th>
            <th scope="col">State</th>
            <th scope="col">Progress</th>
            <th scope="col">Rows</th>
            <th scope="col">Downloads</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((j) => (
            <tr key={j.id}>
              <td>{j.createdAt.replace('T', ' ').slice(0, 19)}</td>
              <td>{j.filename}</td>
              <td>
                {j.state}
                {j.error ? `: ${j.error}` : ''}
              </td>
              <td>
                <progress max={1} value={j.progress.fraction} aria-label={`progress of ${j.filename}`} /> {j.progress.rows} rows
              </td>
              <td>{j.summary ? `${j.summary.outRows} decided, ${j.summary.rejectRows} rejected${j.record ? `, ${j.summary.recorded} recorded` : ''}` : '—'}</td>
              <td>
                {j.state === 'done' ? (
                  <>
                    <button type="button" className="link" onClick={() => download(`/v1/batch/${j.id}/out.csv`, `${j.filename.replace(/\.csv$/i, '')}.decided.csv`).catch(setError)}>
                      decided rows
                    </button>{' '}
                    <button type="button" className="link" onClick={() => download(`/v1/batch/${j.id}/rejects.csv`, `${j.filename.replace(/\.csv$/i, '')}.rejects.csv`).catch(setError)}>
                      rejects
                    </button>
                  </>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { describe, expect, it } from 'vitest';
import {
  confirmQuestion,
  downloadLabel,
  fetchFailedMessage,
  fileNameOfUrl,
  formatBytes,
  htmlMessage,
  isLoginRedirect,
  isModelJsonUrl,
  looksLikeHtml,
  type ResponseFacts,
  responseProblem,
  truncatedMessage,
  urlProblem,
} from './download-messages';

const URL_ = 'https://models.example.org/runs/sky/network-snapshot-000600.pkl';
const ok: ResponseFacts = {
  requestedUrl: URL_,
  url: URL_,
  redirected: false,
  status: 200,
  statusText: 'OK',
  contentType: 'application/octet-stream',
};
const bytes = (text: string) => new TextEncoder().encode(text);

describe('download messages', () => {
  it('names the file, its host and what a link is', () => {
    expect(fileNameOfUrl(URL_)).toBe('network-snapshot-000600.pkl');
    expect(fileNameOfUrl('https://x.org/a%20b.pkl?download=1')).toBe('a b.pkl');
    expect(isModelJsonUrl('https://x.org/sky64/model.json')).toBe(true);
    expect(isModelJsonUrl(URL_)).toBe(false);
    expect(urlProblem('not a link')).toMatch(/is not a web address/);
    expect(urlProblem('ftp://x.org/a.pkl')).toMatch(/only http and https links .*\(this one is ftp\)/);
    expect(urlProblem(` ${URL_} `)).toBeNull();
  });

  it('asks with the size when known', () => {
    expect(confirmQuestion(URL_, 588_000_000)).toBe(
      'Load network-snapshot-000600.pkl (588 MB) from models.example.org?',
    );
    expect(confirmQuestion(URL_, null)).toBe(
      'Load network-snapshot-000600.pkl (size unknown) from models.example.org?',
    );
    expect(formatBytes(1_234_000_000)).toBe('1.2 GB');
    expect(formatBytes(640_000)).toBe('640 kB');
  });

  it('shows bytes and time left once the rate is known', () => {
    expect(downloadLabel('a.pkl', 100e6, 500e6, 0.1)).toBe('Downloading a.pkl: 100 MB of 500 MB');
    expect(downloadLabel('a.pkl', 100e6, 500e6, 10)).toBe('Downloading a.pkl: 100 MB of 500 MB, 40 s left');
    expect(downloadLabel('a.pkl', 100e6, 500e6, 100)).toBe('Downloading a.pkl: 100 MB of 500 MB, 7 min left');
    expect(downloadLabel('a.pkl', 3e6, null, 2)).toBe('Downloading a.pkl: 3 MB');
  });

  it('tells a server without CORS from one that cannot be reached, and says what to do', () => {
    expect(fetchFailedMessage(URL_, true)).toBe(
      'models.example.org does not let this page read network-snapshot-000600.pkl (the server sends no CORS headers): download the file in your browser, then choose it with "Load checkpoint"',
    );
    expect(fetchFailedMessage(URL_, false)).toMatch(
      /^could not download network-snapshot-000600\.pkl from models\.example\.org: the server sends no CORS headers .*, or it cannot be reached .*"Load checkpoint"$/,
    );
    expect(responseProblem({ ...ok, opaque: true })).toBe(fetchFailedMessage(URL_, true));
  });

  it('gives 404, login, other statuses and web pages each their own line', () => {
    expect(responseProblem(ok)).toBeNull();
    expect(responseProblem({ ...ok, status: 404, statusText: 'Not Found' })).toBe(
      'network-snapshot-000600.pkl was not found on models.example.org (HTTP 404): check the link',
    );
    expect(responseProblem({ ...ok, status: 403 })).toMatch(
      /refused to send .* \(HTTP 403: it needs a login or is private\)/,
    );
    expect(responseProblem({ ...ok, status: 503, statusText: 'Service Unavailable' })).toMatch(
      /^models\.example\.org answered HTTP 503 Service Unavailable instead of sending network-snapshot-000600\.pkl: try again later/,
    );
    const login = {
      ...ok,
      redirected: true,
      url: 'https://accounts.example.org/ServiceLogin?continue=x',
      contentType: 'text/html',
    };
    expect(isLoginRedirect(login)).toBe(true);
    expect(responseProblem(login)).toMatch(
      /redirected to a login page on accounts\.example\.org: the file is not public/,
    );
    // A redirect to a file server is not a login.
    const cdn = { ...ok, redirected: true, url: 'https://cdn.example.org/blobs/abc123' };
    expect(isLoginRedirect(cdn)).toBe(false);
    expect(responseProblem(cdn)).toBeNull();
    expect(responseProblem({ ...ok, contentType: 'text/html; charset=utf-8' })).toMatch(
      /^models\.example\.org sent a web page, not a checkpoint: use the file's direct download link/,
    );
    expect(htmlMessage({ ...cdn })).toMatch(/led to a web page on cdn\.example\.org/);
  });

  it('sniffs web pages from their first bytes', () => {
    expect(looksLikeHtml(bytes('\ufeff  <!DOCTYPE html><html>'))).toBe(true);
    expect(looksLikeHtml(bytes('\n<html lang="en">'))).toBe(true);
    expect(looksLikeHtml(Uint8Array.from([0x80, 0x02, 0x7d, 0x71]))).toBe(false);
    expect(looksLikeHtml(bytes('PK\x03\x04'))).toBe(false);
  });

  it('says how much of a cut-short download arrived', () => {
    expect(truncatedMessage(URL_, 200_000_000, 588_000_000)).toMatch(
      /^the download of network-snapshot-000600\.pkl was cut short: 200 MB of 588 MB arrived \(200000000 of 588000000 bytes\)/,
    );
  });
});

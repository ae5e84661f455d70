/** The video's fullscreen (F, the viewer's button): the element marked `data-fullscreen` fills the screen. */
export function toggleFullscreen(): void {
  if (typeof document === 'undefined') return;
  if (document.fullscreenElement) {
    void document.exitFullscreen().catch(() => undefined);
    return;
  }
  const target = document.querySelector<HTMLElement>('[data-fullscreen]');
  void target?.requestFullscreen?.().catch(() => undefined);
}

/** Save project / Open project (slice 3). */
export function ProjectFiles() {
  return null;
}

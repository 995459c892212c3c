/**
 * A command answers only once the views show its own write, so a GET right after a 201 finds
 * the case. The app binds this to the projection runner (or, with the worker elsewhere, to
 * polling its checkpoints).
 */
export abstract class ReadYourWrites {
  /** Pass the last position of every stream written: each view waits only for the event types it reads. */
  abstract waitFor(...globalPositions: number[]): Promise<void>;
}

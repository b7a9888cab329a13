import { Notification } from 'electron';
import type { DesktopNotifier } from '../core/video/module';

/**
 * The core's desktop notifications as Electron shows them (VS-2: a video session is requested);
 * clicking one brings the window forward, showing what it is about.
 */
export function electronNotifier(showWindow: () => void): DesktopNotifier {
  return {
    show({ title, body, onClick }) {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title, body });
      notification.on('click', () => {
        showWindow();
        onClick();
      });
      notification.show();
    },
  };
}

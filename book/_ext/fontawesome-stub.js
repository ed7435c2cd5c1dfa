/* Deliberately empty: replaces the theme's 1.4 MB fontawesome.js. The few icons the theme
   uses are drawn by small inline SVG masks in _static/guidance.css instead. */
